"""The one refusal of the evaluation services: a message in the user's language and the HTTP status that fits
(400 bad input, 403 not yours to do, 404 unknown, 409 not possible in this state)."""


class Refused(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


DossierRefused = Refused  # the name the dossier services and their callers have always used
