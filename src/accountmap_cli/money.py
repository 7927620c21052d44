"""Deal values written for people: `€280,000`, `$12,500`, `£9,999.50`, `CHF 90,000`."""

from __future__ import annotations

CURRENCY_SYMBOLS: dict[str, str] = {"EUR": "€", "USD": "$", "GBP": "£"}
"""Currencies shown with a symbol in front; every other code is written before the amount."""


def format_money(value: float, currency: str = "EUR") -> str:
    """Format a deal value in its currency, with thousands separators.

    Whole amounts have no decimals; anything else is rounded to cents. A negative amount (a
    change in value) gets a leading minus: `-€5,000`.

    >>> format_money(280000, "EUR")
    '€280,000'
    >>> format_money(90000, "CHF")
    'CHF 90,000'
    """
    if value < 0:
        return "-" + format_money(-value, currency)
    cents = round(value * 100)
    amount = f"{cents // 100:,}" if cents % 100 == 0 else f"{cents / 100:,.2f}"
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{amount}" if symbol is not None else f"{currency} {amount}"
