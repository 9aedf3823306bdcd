"""The one place where access to an organisation's data is decided.

Every URL under `/<org_code>/…` is resolved here before its view runs: the organisation comes
from the URL, and the signed-in user must hold a membership in it. Views then read
`request.organisation` and `request.membership` and never look an organisation up themselves.
The API goes through `resolve_api_access`, in this same module, from its permission class.

Pages meant for the public (the feedback form) are marked with `@public_page`; they get
`request.organisation` and no membership.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from .models import Membership, Organisation
from .permissions import may_open


def public_page(view):
    """Marks an organisation page that anonymous visitors may open."""
    view.is_public_organisation_page = True
    return view


def national_page(view):
    """A page of the national view: national readers only, no organisation involved."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_national_reader:
            raise PermissionDenied("Cette page est réservée au rôle national.")
        return view(request, *args, **kwargs)

    return wrapper


def require_ability(ability: str):
    """Refuses (403) a member whose role does not allow `ability` (see organisations.permissions)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            membership = getattr(request, "membership", None)
            if membership is None or not membership.can(ability):
                raise PermissionDenied("Votre rôle ne permet pas cette action.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def find_membership(user, organisation: Organisation) -> Membership | None:
    """The user's membership of the organisation, suspended ones included (callers refuse
    those: `membership.is_suspended`)."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("organisation", "unit", "user")
        .filter(user=user, organisation=organisation)
        .first()
    )


def _is_api_view(view_func) -> bool:
    from rest_framework.views import APIView

    view_class = getattr(view_func, "cls", None)
    return view_class is not None and issubclass(view_class, APIView)


class OrganisationAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        org_code = view_kwargs.get("org_code")
        request.organisation = None
        request.membership = None
        if org_code is None or _is_api_view(view_func):
            return None  # the API checks access in resolve_api_access, below
        organisation = Organisation.objects.filter(code=org_code).first()
        if organisation is None:
            raise Http404("Aucune organisation ne porte ce code.")
        if getattr(view_func, "is_public_organisation_page", False):
            request.organisation = organisation
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        membership = find_membership(request.user, organisation)
        if membership is None or membership.is_suspended:
            return render(
                request,
                "common/not_a_member.html",
                {"refused_organisation": organisation, "suspended": membership is not None},
                status=403,
            )
        if not may_open(membership, request.resolver_match.namespace):
            raise PermissionDenied("Votre rôle ne donne accès qu'aux enquêtes mystère confiées.")
        request.organisation = organisation
        request.membership = membership
        return None


class ApiAccess:
    """Who calls the API for an organisation: an integration token or a member's session."""

    def __init__(self, organisation: Organisation, membership: Membership | None, token=None):
        self.organisation = organisation
        self.membership = membership
        self.token = token

    def can(self, ability: str) -> bool:
        if self.token is not None:
            return self.token.can(ability)
        return self.membership is not None and self.membership.can(ability)


def resolve_api_access(request, org_code: str) -> ApiAccess | None:
    """The API's side of the same rule: None means refused.

    `request.auth` is either None (a member's session) or a credential bound to one
    organisation: an object with `organisation_id` and `can(ability)` (the api app's ApiToken,
    which this module, below it, does not import)."""
    organisation = Organisation.objects.filter(code=org_code).first()
    if organisation is None:
        return None
    if request.auth is not None:
        if request.auth.organisation_id != organisation.pk:
            return None
        return ApiAccess(organisation, None, token=request.auth)
    membership = find_membership(request.user, organisation)
    if membership is None or membership.is_suspended or not may_open(membership, None):
        return None
    return ApiAccess(organisation, membership)
