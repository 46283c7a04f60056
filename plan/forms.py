from django import forms

from core.locking import VersionedForm

from .models import Piste


class FollowUpForm(VersionedForm, forms.ModelForm):
    """The secretariat's follow-up of a piste."""

    class Meta:
        model = Piste
        fields = ["status", "responsible_body"]
