from .councils import AgendaItem, Council, Member, Score, Session
from .dossiers import Document, Dossier, Item, Transition

__all__ = ["AgendaItem", "Council", "Document", "Dossier", "Item", "Member", "Score", "Session", "Transition"]
