from qihub.events.services.registration import (
    Email,
    cancel_token,
    cancel_token_check,
    event_register,
    registration_cancel,
    registration_check_in,
    visitor_confirm,
    visitor_confirm_check,
    visitor_confirm_token,
    waiting_list_promote,
    waiting_position,
)

__all__ = [
    "Email",
    "cancel_token",
    "cancel_token_check",
    "event_register",
    "registration_cancel",
    "registration_check_in",
    "visitor_confirm",
    "visitor_confirm_check",
    "visitor_confirm_token",
    "waiting_list_promote",
    "waiting_position",
]
