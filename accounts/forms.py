from allauth.account.forms import LoginForm


class MemberLoginForm(LoginForm):
    """allauth's log-in form with a label that says what to type."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username or email"
