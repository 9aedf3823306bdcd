from rest_framework import permissions

from qualipilote.organisations.access import resolve_api_access


class IsOrganisationMember(permissions.BasePermission):
    """Access to `/api/v1/organisations/<org_code>/…` as decided by organisations.access.

    Unsafe methods also need the view's `write_ability` (see organisations.permissions).
    The resolved access is left on `request.api_access` for the view.
    """

    message = "Vous n'avez pas accès aux données de cette organisation."

    def has_permission(self, request, view):
        if request.auth is None and not request.user.is_authenticated:
            return False  # DRF answers 401 with the WWW-Authenticate header
        org_code = view.kwargs.get("org_code")
        if org_code is None:
            return False
        access = resolve_api_access(request, org_code)
        if access is None:
            return False
        request.api_access = access
        if request.method in permissions.SAFE_METHODS:
            return True
        ability = getattr(view, "write_ability", None)
        if ability is None or not access.can(ability):
            self.message = "Ce jeton ou ce rôle ne permet pas d'écrire ici."
            return False
        return True
