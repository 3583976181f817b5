from shared.runtime.settings import ServiceSettings


class IntakeSettings(ServiceSettings):
    """intake reads only the common settings (`LASTMILE_TIMEZONE` dates `/groupbuy` deadlines)."""
