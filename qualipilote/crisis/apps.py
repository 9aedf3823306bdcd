from django.apps import AppConfig


class CrisisConfig(AppConfig):
    name = "qualipilote.crisis"
    label = "crisis"
    verbose_name = "Communication d'urgence"

    def work_queue(self, request):
        from .queue import work_queue

        return work_queue(request)
