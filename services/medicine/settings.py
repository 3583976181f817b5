"""medicine's settings: the field key, how long a requester has to answer a substitute, how
many runs a request may go out on, and the default size of a run."""

from __future__ import annotations

from pydantic import Field, SecretStr

from shared.runtime.settings import ServiceSettings


class MedicineSettings(ServiceSettings):
    # Fernet keys, comma-separated: the first seals, all open (so a key can be rotated).
    # Without one, a key is made once in `<data_dir>/medicine.key` (mode 0600).
    medicine_field_key: SecretStr | None = None
    medicine_substitute_answer_minutes: float = Field(120.0, gt=0, le=7 * 24 * 60)
    # A declined or unanswered substitute sends the request back to the queue until it has
    # been out on this many runs; then it is unavailable.
    medicine_max_runs: int = Field(2, ge=1, le=10)
    medicine_run_size: int = Field(10, ge=1, le=50)
