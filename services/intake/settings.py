from shared.runtime.settings import ServiceSettings


class IntakeSettings(ServiceSettings):
    """intake reads only the common settings so far."""
