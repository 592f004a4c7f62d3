from .councils import AgendaItem, Council, Member, Score, Session, SessionEvent
from .decisions import Decision
from .dossiers import Document, Dossier, Evidence, Item, Review, Transition
from .rounds import OfficeDay, Round

__all__ = ["AgendaItem", "Council", "Decision", "Document", "Dossier", "Evidence", "Item", "Member", "OfficeDay",
           "Review", "Round", "Score", "Session", "SessionEvent", "Transition"]
