"""Where the site, its repository and its secretariat are, and the links that lead there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

from codemark import urls
from codemark.model import Criterion
from codemark.register import Entry


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

        Signatory pages carry one per criterion, so the parts that do not change are made once.
        """
        name = entry.signatory.organisation.name
        page = self.site_url + urls.signatory_page(entry.slug)
        quoted_name, quoted_page = quote_plus(name), quote_plus(page)
        start = f"{self.repo_url}/issues/new?labels=challenge&title=Challenge%3A+{quoted_name}"
        body = "&body=I+am+challenging+{}the+register+entry+for+" + (
            f"{quoted_name}+%28{quoted_page}%29."
        )
        ask = "%0A%0AWhat+I+think+is+wrong%2C+and+the+evidence%3A%0A%0A"
        question = "\n\nWhat I think is wrong, and the evidence:\n\n"

        def link(criterion: Criterion | None) -> Challenge:
            about = f"criterion {criterion.id} of " if criterion else ""
            subject = f"Challenge: {name}" + (f", criterion {criterion.id}" if criterion else "")
            email = self.mail(
                subject,
                f"I am challenging {about}the register entry for {name} ({page}).{question}",
            )
            if not self.repo_url:
                return Challenge("", email)
            if criterion is None:
                return Challenge(start + body.format("") + ask, email)
            about = f"criterion+{criterion.id}+of+"
            return Challenge(f"{start}%2C+criterion+{criterion.id}{body.format(about)}{ask}", email)

        return link
