"""What the API reads of the publication in force (read only)."""

from rest_framework import serializers

from qualipilote.api.serializers import Serializer


class OpenDataRowSerializer(Serializer):
    structure = serializers.CharField()
    indicateur = serializers.CharField(source="indicator")
    valeur = serializers.DecimalField(source="value", max_digits=10, decimal_places=2)
    frequence = serializers.CharField(source="frequency")
    date_de_mise_a_jour = serializers.DateField(source="updated_on")
    periode = serializers.CharField(source="period")
    nombre_de_reponses = serializers.IntegerField(source="base", allow_null=True)


class PublicationSerializer(Serializer):
    id = serializers.IntegerField(source="pk")
    published_at = serializers.DateTimeField()
    content = serializers.JSONField(help_text="Le contenu figé à la publication.")
    open_data = OpenDataRowSerializer(many=True, help_text="Format Services Publics+.")
