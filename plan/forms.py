from django import forms

from .models import Piste


class FollowUpForm(forms.ModelForm):
    """The secretariat's follow-up of a piste."""

    class Meta:
        model = Piste
        fields = ["status", "responsible_body"]
