from django.urls import path

from . import people_views, structure_views, views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_home, name="home"),
    path("organisation/", views.structure, name="structure"),
    # Structure (quality lead)
    path("organisation/unites/nouvelle/", structure_views.unit_create, name="unit_create"),
    path("organisation/unites/<int:pk>/", structure_views.unit_edit, name="unit_edit"),
    path(
        "organisation/unites/<int:pk>/supprimer/",
        structure_views.unit_delete,
        name="unit_delete",
    ),
    path("organisation/sites/nouveau/", structure_views.site_create, name="site_create"),
    path("organisation/sites/<int:pk>/", structure_views.site_edit, name="site_edit"),
    path(
        "organisation/sites/<int:pk>/supprimer/",
        structure_views.site_delete,
        name="site_delete",
    ),
    path("organisation/canaux/nouveau/", structure_views.channel_create, name="channel_create"),
    path("organisation/canaux/<int:pk>/", structure_views.channel_edit, name="channel_edit"),
    path(
        "organisation/canaux/<int:pk>/supprimer/",
        structure_views.channel_delete,
        name="channel_delete",
    ),
    # People (quality lead)
    path("organisation/personnes/", people_views.people, name="people"),
    path("organisation/personnes/inviter/", people_views.invite, name="invite"),
    path("organisation/personnes/<int:pk>/", people_views.member_edit, name="member_edit"),
    path(
        "organisation/personnes/<int:pk>/suspendre/",
        people_views.member_suspend,
        name="member_suspend",
    ),
    path(
        "organisation/personnes/<int:pk>/retablir/",
        people_views.member_reinstate,
        name="member_reinstate",
    ),
    path(
        "organisation/personnes/<int:pk>/retirer/",
        people_views.member_remove,
        name="member_remove",
    ),
    path(
        "organisation/invitations/<int:pk>/renvoyer/",
        people_views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "organisation/invitations/<int:pk>/revoquer/",
        people_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("organisation/historique/", people_views.history, name="history"),
]
