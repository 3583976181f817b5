"""Who does what in the demo's day, by a household's index in the roster: the same shape at
any size (every 4th household gets a parcel, every 20th names a proxy, …)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    """Who does what, by a household's index in the roster: the same shape at any size."""

    households: int = 800
    per_building: int = 40

    @staticmethod
    def qty(i: int) -> int:
        return i % 3 + 1

    @staticmethod
    def orders_in_group(i: int) -> bool:  # 接龙 in the building's group chat, not in private
        return i % 10 == 3

    @staticmethod
    def redelivered(i: int) -> bool:  # the adapter delivers the same message twice
        return i % 25 == 1

    @staticmethod
    def asks_again(i: int) -> bool:  # a second message, same order ("did it work?")
        return i % 20 == 7

    @staticmethod
    def edits(i: int) -> bool:  # edits the order message to one more
        return i % 15 == 2

    @staticmethod
    def rice(i: int) -> bool:
        return i % 3 == 0

    @staticmethod
    def oil(i: int) -> bool:
        return i % 6 == 0

    @staticmethod
    def cancels_rice(i: int) -> bool:
        return i % 3 == 0 and i % 40 == 0

    @staticmethod
    def parcel(i: int) -> bool:
        return i % 4 == 0

    @staticmethod
    def medicine(i: int) -> bool:
        return i % 200 == 2

    @staticmethod
    def medicine_request(i: int) -> bool:  # asks for their medicine on the day's run
        return i % 40 == 5

    @staticmethod
    def late_parcel(i: int) -> bool:  # reaches the gate in the evening, still held at the bulletin
        return i % 100 == 9

    @staticmethod
    def forgets(i: int) -> bool:  # leaves the parcel on the rack: reminded
        return i % 16 == 0

    @staticmethod
    def after_reminder(i: int) -> bool:  # …and picks it up once reminded
        return i % 32 == 0

    @staticmethod
    def away(i: int) -> bool:  # does not fetch the vegetables tonight
        return i % 97 == 11

    @staticmethod
    def names_proxy(i: int) -> bool:  # the neighbour fetches for them
        return i % 20 == 5
