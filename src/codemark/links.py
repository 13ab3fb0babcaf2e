"""Where the site, its repository and its secretariat are, and the links that lead there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote, quote_plus

from codemark import urls
from codemark.model import Criterion
from codemark.register import Entry
from codemark.text import markdown_literal


@cache
def _about(criterion_id: str) -> tuple[str, str]:
    """The words ', criterion 4.2', quoted for an email and for a forge, once per criterion."""
    about = f", criterion {criterion_id}"
    return quote(about), quote_plus(about)


@dataclass(frozen=True)
class Challenge:
    """Two ways to question an entry: an issue on the forge, for those with an account there,
    and an email to the secretariat, for everyone else."""

    issue: str  # empty when the site names no repository
    email: str


@dataclass(frozen=True)
class Links:
    """Where the site, its repository and its secretariat are, for absolute links."""

    site_url: str  # ends with /
    repo_url: str  # without a trailing /
    branch: str = "main"
    contact: str = ""  # the secretariat's public email address

    def source(self, slug: str) -> str:
        return f"{self.repo_url}/blob/{self.branch}/signatories/{quote(slug)}.yml"

    def mail(self, subject: str = "", body: str = "") -> str:
        """A ``mailto:`` link to the secretariat, with a subject and a body filled in.

        Every part is percent-encoded (RFC 6068), so no name can end the link or add a field.
        """
        fields = [
            f"{k}={quote(v, safe='')}" for k, v in (("subject", subject), ("body", body)) if v
        ]
        return f"mailto:{quote(self.contact, safe='@')}" + (
            "?" + "&".join(fields) if fields else ""
        )

    def challenger(self, entry: Entry) -> Callable[[Criterion | None], Challenge]:
        """Links that question the entry, or one criterion of it, by issue or by email.

        A signatory page carries a pair for each criterion, so those are kept short: the
        subject names the body and the criterion, and the body only asks what is wrong.
        The parts that do not change are quoted once.
        """
        name = entry.signatory.organisation.name
        # In an issue, the name is Markdown: shown literally, it cannot link or mention.
        literal = markdown_literal(name)
        page = self.site_url + urls.signatory_page(entry.slug)
        mail = f"mailto:{quote(self.contact, safe='@')}?subject=" + quote(f"Challenge: {name}")
        issue = f"{self.repo_url}/issues/new?labels=challenge&title=" + quote_plus(
            f"Challenge: {literal}"
        )
        ask = "What I think is wrong, and the evidence:\n\n"
        whole = f"I am challenging the register entry for {name} ({page}).\n\n{ask}"
        whole_issue = f"I am challenging the register entry for {literal} ({page}).\n\n{ask}"
        short_ask = quote(ask, safe="")

        def link(criterion: Criterion | None) -> Challenge:
            if criterion is None:
                email = f"{mail}&body={quote(whole, safe='')}"
                on_forge = f"{issue}&body={quote_plus(whole_issue)}"
            else:
                about_mail, about_forge = _about(criterion.id)
                email = f"{mail}{about_mail}&body={short_ask}"
                on_forge = issue + about_forge
            return Challenge(on_forge if self.repo_url else "", email)

        return link
