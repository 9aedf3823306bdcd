from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "qualipilote.accounts"
    label = "accounts"
    verbose_name = "Comptes"
