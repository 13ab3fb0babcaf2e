"""Where the site, its repository and its secretariat are, and the links that lead there."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, quote_plus

from codemark import urls
from codemark.register import Entry
from codemark.text import markdown_literal


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

    def challenge(self, entry: Entry) -> Challenge:
        """Links that question the entry, by issue or by email, naming the body and its page.

        One pair for the whole entry: whoever writes names the criterion. (A pair on each of
        sixty criteria made most of a signatory's page.)
        """
        name = entry.signatory.organisation.name
        # In an issue, the name is Markdown: shown literally, it cannot link or mention.
        literal = markdown_literal(name)
        page = self.site_url + urls.signatory_page(entry.slug)
        ask = "What I think is wrong (which criterion, if it is one answer), and the evidence:\n\n"
        email = self.mail(
            f"Challenge: {name}",
            f"I am challenging the register entry for {name} ({page}).\n\n{ask}",
        )
        issue = f"{self.repo_url}/issues/new?labels=challenge&title=" + quote_plus(
            f"Challenge: {literal}"
        )
        whole_issue = f"I am challenging the register entry for {literal} ({page}).\n\n{ask}"
        on_forge = f"{issue}&body={quote_plus(whole_issue)}"
        return Challenge(on_forge if self.repo_url else "", email)
