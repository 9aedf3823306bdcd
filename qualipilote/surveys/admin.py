from django.contrib import admin

from qualipilote.common.admin import CleanInputAdmin

from .models import Question, Questionnaire, Survey


class ReadOnlyQuestionsInline(CleanInputAdmin, admin.TabularInline):
    model = Question
    fields = ("position", "code", "label", "kind", "required", "feeds_indicator")
    readonly_fields = ("position", "code", "label", "kind", "required")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # questions are defined with their wave (services.create_survey)


@admin.register(Questionnaire)
class QuestionnaireAdmin(CleanInputAdmin, admin.ModelAdmin):
    list_display = ("title", "organisation")
    list_filter = ("organisation",)


@admin.register(Survey)
class SurveyAdmin(CleanInputAdmin, admin.ModelAdmin):
    list_display = ("title", "organisation", "opens_on", "closes_on", "published", "closed_at")
    list_filter = ("organisation", "published")
    readonly_fields = ("organisation", "questionnaire", "closed_at", "closed_by", "channels")
    fields = (
        "organisation",
        "questionnaire",
        "title",
        "introduction",
        "published",
        "channels",
        "closed_at",
        "closed_by",
    )
    inlines = [ReadOnlyQuestionsInline]

    def has_add_permission(self, request):
        return False  # a wave is created with its questions, from the survey pages or the API
