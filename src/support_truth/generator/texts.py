"""Message wording: the template texts per intent and situation, names and vocabularies of the
CRM and product stream, and the TemplateBank that renders them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .arrays import Arr
from .catalogue import Catalogue
from .params import INFO_EMAIL, INFO_NAME, INFO_NONE, INFO_ORDER, INFO_PHONE

# Placeholders: {order} {email} {phone} {name} {first} {agent}. Wording rules (checked in
# tests against dbt_project.yml): AI answers match neither ai_greeting_regex nor
# ai_fallback_regex; human messages match human_asks_known_info_regex only in the
# "ask_known" group; customer texts match customer_*_regex only in their own group.
INTENT_TEXT: dict[str, dict[str, list[str] | str]] = {
    "billing_refund": {
        "topic": "a refund",
        "open": ["I was charged twice last month and I'd like a refund, please.",
                 "Hi, I returned my purchase two weeks ago and still haven't seen the refund.",
                 ("Can I get my money back for the annual plan? I cancelled within the trial, "
                  "\"no questions asked\" it said on your site.")],
        "answer": [("I've started a refund of the duplicate charge; it will be back on your card within "
                    "5-10 business days. You can follow it under Orders > Refunds."),
                   ("Your refund has been approved and is on its way. You can track its status in "
                    "Orders > Refunds.")],
        "resolve": ["I've processed the refund manually, you'll see it on your statement within a week.",
                    "I've approved the refund with our billing team, it's on its way to your card."],
    },
    "billing_invoice_copy": {
        "topic": "an invoice copy",
        "open": ["I need a copy of my invoice for March, for our accounting.",
                 "Where can I download past invoices? Our finance team needs them, urgently.",
                 "Can you resend invoice INV-2291? I can't find it anywhere."],
        "answer": [("You can download every invoice under Settings > Billing > Invoices; click "
                    "'Download PDF' next to the month you need."),
                   ("Invoices are available in Settings > Billing. Choose 'Invoices', then 'Download' "
                    "for the month you need.")],
        "resolve": ["I've emailed the invoice PDF to the billing contact on file.",
                    "I've re-issued the invoice with your company details; it's attached to this ticket."],
    },
    "billing_payment_method": {
        "topic": "my payment method",
        "open": ["My card expired, how do I update the payment method?",
                 "I want to switch from credit card to invoice billing, is that possible?",
                 "Your system keeps declining my new card, what's going on?"],
        "answer": [("To update your card, open Settings > Billing and choose 'Payment method'. Enter the "
                    "new card and save."),
                   ("You can add a new payment method in Settings > Billing > 'Payment method'; the old "
                    "card is removed automatically.")],
        "resolve": ["I've switched the account to invoice billing, the next invoice will reflect it.",
                    "The card was blocked by our fraud filter; I've whitelisted it, please try once more."],
    },
    "account_password_reset": {
        "topic": "a password reset",
        "open": ["I forgot my password and the reset link doesn't arrive.",
                 "How do I reset my password? I'm locked out.",
                 "I need a new password, the old one stopped working after the update."],
        "answer": [("I've sent a new reset link. Open it within 30 minutes and choose a new password on the "
                    "'Reset password' page."),
                   ("Use 'Forgot password' on the login page; the link arrives within a few minutes. Check "
                    "the spam folder too.")],
        "resolve": ["I've unlocked the account and sent a fresh reset link.",
                    "Our mail provider had delays; I've resent the link and confirmed it was delivered."],
    },
    "account_email_change": {
        "topic": "changing my login email",
        "open": ["I want to change the email address on my account.",
                 "How can I change my login email? I changed jobs.",
                 "Please update my email, the old one is no longer valid."],
        "answer": [("You can change it in Settings > Profile > 'Email'. We'll send a confirmation link to "
                    "the new address."),
                   "Go to Settings > Profile, edit the email field and confirm via the link we send you."],
        "resolve": ["I've changed the login email as requested; a confirmation link is on its way.",
                    "Done, the account now uses the new login. Please confirm via the link we just sent."],
    },
    "account_deletion": {
        "topic": "deleting my account",
        "open": ["Please delete my account and all my data.",
                 "I want to close my account permanently, how do I do that?",
                 "Delete my profile, I no longer use the service."],
        "answer": [("Account deletion is permanent. I can start the request; our team verifies ownership "
                    "and completes it within 30 days."),
                   ("I've noted the deletion request. For security, a specialist confirms it before the "
                    "account is removed.")],
        "resolve": ["I've verified ownership and scheduled the deletion; you'll get a final confirmation.",
                    "The account is closed and the data will be erased within 30 days."],
    },
    "order_status": {
        "topic": "where my order is",
        "open": ["Where is my order? It was supposed to arrive yesterday.",
                 "Can you tell me the delivery status of my order?",
                 "My package hasn't moved in the tracking for 4 days."],
        "answer": [("The order shipped on Monday and is with the carrier; the latest estimate is delivery "
                    "within 2 business days. The tracking link is in Orders."),
                   "The order is out for delivery today. You can follow it live under Orders > Tracking."],
        "resolve": ["I've contacted the carrier, the parcel was held at the depot and goes out tomorrow.",
                    "The parcel was lost in transit, so I've shipped a replacement with express delivery."],
    },
    "order_cancellation": {
        "topic": "cancelling an order",
        "open": ["I'd like to cancel my order, I ordered the wrong size.",
                 "Cancel my order please, I found it cheaper elsewhere.",
                 "Is it too late to cancel the order I placed this morning?"],
        "answer": [("You can cancel it under Orders: choose the order and click 'Cancel order'. It's still "
                    "possible because it hasn't shipped."),
                   ("Open Orders, select the order and press 'Cancel order'; the refund follows "
                    "automatically.")],
        "resolve": ["I've cancelled the order and the refund is on its way.",
                    "The order had already shipped, so I've set up a free return label instead."],
    },
    "order_damaged_item": {
        "topic": "a damaged item",
        "open": ["My package arrived damaged, the box was crushed and the item is broken.",
                 "The item I received is cracked. What now?",
                 "Half of my order arrived broken, I want a replacement."],
        "answer": [("I'm sorry it arrived damaged. I've logged a damage report; please keep the packaging, "
                    "a courier pickup will be arranged."),
                   ("I've registered the damage. Upload a photo under Orders > Report a problem and we'll "
                    "send a replacement.")],
        "resolve": ["I've arranged a courier pickup for tomorrow and a replacement ships today.",
                    "I've issued a full refund for the damaged items, no need to send them back."],
    },
    "tech_login_issue": {
        "topic": "signing in",
        "open": ["I can't log in, it keeps saying invalid credentials.",
                 "Login page just spins and never loads.",
                 "The two-factor code never arrives so I can't sign in."],
        "answer": [("This usually means the session expired. Reset the password from the login page and "
                    "sign in again; the new password works immediately."),
                   ("Clear the browser cache, then use 'Forgot password' to set a new password; that fixes "
                    "most sign-in loops.")],
        "resolve": ["I've reset the two-factor setup on the account; you can sign in and enrol again.",
                    "There was a lock on the account after too many attempts; I've removed it."],
    },
    "tech_integration_setup": {
        "topic": "setting up an integration",
        "open": ["How do I connect your app to Slack?",
                 "The Salesforce integration setup fails at the authorization step.",
                 "I need help setting up the API integration with our CRM."],
        "answer": [("Go to Settings > Integrations, pick the app and click 'Connect'. Approve the "
                    "permissions in the pop-up and you're done."),
                   ("Open Settings > Integrations > 'Add integration', sign in to the other app and grant "
                    "access; data syncs within 15 minutes.")],
        "resolve": ["I've re-authorised the connector on our side; the sync is running now.",
                    "The API key had the wrong scope; I've issued a new one, details are in the ticket."],
    },
    "tech_bug_report": {
        "topic": "a bug",
        "open": ["The export button crashes the page every time.",
                 "Found a bug: the dashboard shows yesterday's numbers twice.",
                 "Reports are blank since the last update, something is broken."],
        "answer": [("Thanks for reporting this. I've logged the bug with the steps you described; the "
                    "engineering team will look into it."),
                   ("This looks like a known issue with the latest release. A fix is scheduled; meanwhile "
                    "exporting to CSV works.")],
        "resolve": ["Engineering confirmed the bug and deployed a fix this morning.",
                    "I've reproduced it and our developers shipped a patch, it should work now."],
    },
    "legal_data_request": {
        "topic": "a copy of my personal data",
        "open": ["Under GDPR I request a copy of all personal data you hold about me.",
                 "I want to know what data you store about me and who you share it with.",
                 "Please send me my data export, this is a formal data subject request."],
        "answer": [("You can request a data export in Settings > Privacy > 'Download my data'. The file is "
                    "ready within 48 hours."),
                   ("The privacy policy lists the data we keep. A full export can be requested under "
                    "Settings > Privacy.")],
        "resolve": ["Our privacy team has compiled the export; a secure download link is on its way.",
                    "I've logged the formal request with our data protection officer, answer within 30 days."],
    },
}
INFO_SUFFIX: dict[int, list[str]] = {
    INFO_NONE: [""],
    INFO_ORDER: [" My order number is {order}.", " The order is {order}.", " Order {order}, if that helps."],
    INFO_EMAIL: [" My account email is {email}.", " I signed up with {email}."],
    INFO_PHONE: [" My phone number is {phone}.", " Call me on {phone} if needed."],
    INFO_NAME: ["\nThanks, {name}", " - {name}"],
}
GENERIC_TEXT: dict[str, list[str]] = {
    "ai_greet": ["Hi! I'm Ava, the virtual assistant. How can I help you today?",
                 "Hello, I'm Ava, your virtual assistant. What can I do for you?",
                 "Hey there! Ava here, the virtual assistant. How can I help?"],
    "ai_fallback": ["Sorry, I didn't understand that. Could you rephrase?",
                    "Sorry, I did not catch that. Could you rephrase your question?",
                    "I'm not sure I can help with that. Could you tell me a bit more?"],
    "ai_decline": ["I'm not sure I can help with that, but our Help Center has articles on most topics.",
                   "Sorry, I didn't understand that. Could you rephrase?"],
    "c_followup": ["How long does that take?", "Is there anything else I need to do?",
                   "Ok, and where exactly do I find that?"],
    "c_confused": ["That's not what I asked.", "What do you mean? I don't see that option.",
                   "That doesn't answer my question."],
    "c_confirm": ["That worked, thanks!", "Great, that fixed it.", "Perfect, problem solved.",
                  "All sorted, thank you!", "That helped, thanks."],
    "c_negative": ["This is useless.", "Not helpful at all.", "Forget it."],
    "c_req_human": ["Can I talk to a human please?", "I want to speak to an agent.",
                    "Let me talk to a real person."],
    "sys_handoff": ["Connecting you with a member of our support team. Typical wait time is a few minutes.",
                    "A support specialist will join this conversation shortly."],
    "h_first": [("Hi, this is {agent} from the support team. I've read through your chat and I'm looking "
                 "into it now."),
                ("Hello, {agent} here. Thanks for waiting, I can see the details of your request and I'm "
                 "checking it."),
                "Hi, I'm {agent}. I'm taking over from our assistant and will sort this out for you."],
    "h_first_direct": [("Hi, this is {agent} from the support team. Thanks for reaching out, let me check "
                        "this for you."),
                       "Hello, {agent} here. Could you send me the order reference so I can look it up?",
                       "Thanks for contacting us, this is {agent}. I'm on it."],
    "c_reply": ["Ok, thanks.", "Sure, take your time.", "It happened again this morning too.",
                "Great, thanks for looking into it."],
    "h_unresolved": [("I've passed this on to our specialist team; they'll get back to you within 2 "
                      "business days."),
                     "Unfortunately I can't complete this right now. I've opened a case and we'll follow up."],
    "c_close_good": ["Thank you for your help!", "Thanks a lot, have a nice day.", "Appreciate it, thanks."],
    "c_close_bad": ["This is taking way too long.", "Still not fixed, I'm really disappointed.",
                    "I'll take my business elsewhere if this isn't solved."],
    "t_note": ["Internal note: verified the customer's identity and checked the order history.",
               "Internal note: checked the billing system, nothing unusual on the account.",
               "Internal note: reproduced the issue, see linked engineering ticket."],
    "t_followup": ["Thanks, any update on this?", "Is there any news? It's been a while.",
                   "Thanks for the quick reply."],
    "t_reopen": ["It's happening again, please reopen this.", "Sorry, the problem is back."],
    "t_hf_note": ["Conversation handled in live chat by {agent}.",
                  "Chat transcript attached, handled by {agent}."],
}
ASK_KNOWN: dict[int, list[str]] = {
    INFO_ORDER: ["Hi, this is {agent} from the support team. Could you share your order number?",
                 "Hello, {agent} here. What is your order number, please?"],
    INFO_EMAIL: ["Hi, {agent} here. Can you confirm the email on your account?",
                 "Hello, this is {agent}. What's your email address?"],
    INFO_PHONE: ["Hi, I'm {agent}. Could you give me your phone number so I can verify you?"],
}
ALREADY_SAID: dict[int, list[str]] = {
    INFO_ORDER: ["I already gave you that, it's in the chat above.", "I already told you, it's {order}."],
    INFO_EMAIL: ["As I said before, {email}.", "I already gave you that, it's {email}."],
    INFO_PHONE: ["I already told you, {phone}.", "I already gave you that, it's in the chat above."],
}
REPROVIDE: dict[int, list[str]] = {
    INFO_ORDER: ["Sure, it's {order}.", "It's {order}."],
    INFO_EMAIL: ["Sure, {email}.", "It's {email}."],
    INFO_PHONE: ["Sure, {phone}.", "It's {phone}."],
}
FIRST_NAMES: tuple[tuple[str, str], ...] = (
    ("Emma", "emma"), ("Liam", "liam"), ("Olivia", "olivia"), ("Noah", "noah"), ("Ava", "ava"),
    ("Mateo", "mateo"), ("Sofia", "sofia"), ("Lucas", "lucas"), ("Mia", "mia"), ("Elijah", "elijah"),
    ("Amelia", "amelia"), ("James", "james"), ("Chloé", "chloe"), ("José", "jose"), ("Zoë", "zoe"),
    ("Priya", "priya"), ("Arjun", "arjun"), ("Wei", "wei"), ("Yuki", "yuki"), ("Fatima", "fatima"),
    ("Omar", "omar"), ("Hannah", "hannah"), ("Lena", "lena"), ("Jonas", "jonas"), ("Lars", "lars"),
    ("Ingrid", "ingrid"), ("Chiara", "chiara"), ("Marco", "marco"), ("Aoife", "aoife"), ("Sean", "sean"),
    ("Grace", "grace"), ("Daniel", "daniel"), ("Sara", "sara"), ("David", "david"), ("Nina", "nina"),
    ("Pedro", "pedro"), ("Ana", "ana"), ("Kofi", "kofi"), ("Amara", "amara"), ("Ethan", "ethan"),
)
LAST_NAMES: tuple[tuple[str, str], ...] = (
    ("Smith", "smith"), ("Johnson", "johnson"), ("García", "garcia"), ("Müller", "mueller"),
    ("O'Brien", "obrien"), ("Nguyen", "nguyen"), ("Kowalski", "kowalski"), ("Rossi", "rossi"),
    ("Dubois", "dubois"), ("van der Berg", "vanderberg"), ("Patel", "patel"), ("Kim", "kim"),
    ("Tanaka", "tanaka"), ("Silva", "silva"), ("Jensen", "jensen"), ("Novak", "novak"),
    ("Brown", "brown"), ("Wilson", "wilson"), ("Martin", "martin"), ("Lee", "lee"), ("Walker", "walker"),
    ("Hernández", "hernandez"), ("Schmidt", "schmidt"), ("Okafor", "okafor"), ("Ahmed", "ahmed"),
    ("Larsen", "larsen"), ("Fischer", "fischer"), ("Moreau", "moreau"), ("Costa", "costa"),
    ("Murphy", "murphy"), ("Clarke", "clarke"), ("Singh", "singh"), ("Chen", "chen"), ("Ivanova", "ivanova"),
)
AGENT_FIRST_NAMES = ("Sam", "Priya", "Tom", "Lucia", "Ben", "Aisha", "Jon", "Marta", "Kai", "Nora")
COMPANY_PREFIX = ("Bright", "North", "Blue", "Acme", "Silver", "Green", "Rapid", "Summit", "Nova", "Pixel",
                  "Harbor", "Cedar", "Iron", "Lumen", "Quantum", "Atlas", "Vertex", "Maple", "Orbit", "Crimson")
COMPANY_SUFFIX = ("wave", "field", "works", "labs", "systems", "logistics", "foods", "health", "media",
                  "retail", "analytics", "studio", "bikes", "energy", "travel")
COMPANY_FORM = (" Inc", " GmbH", " Ltd", " LLC", " BV", " SAS", "", ", Smith & Partners")
COUNTRIES = ("US", "GB", "DE", "FR", "NL", "ES", "IN", "BR", "CA", "AU")
COUNTRY_P = (0.35, 0.12, 0.12, 0.08, 0.06, 0.05, 0.07, 0.05, 0.05, 0.05)
SEGMENTS = ("smb", "mid_market", "enterprise")
SEGMENT_P = (0.62, 0.28, 0.10)
PLANS = ("starter", "pro", "business", "enterprise")
SEGMENT_PLAN_P = ((0.55, 0.40, 0.05, 0.0), (0.05, 0.45, 0.45, 0.05), (0.0, 0.05, 0.35, 0.60))
SEGMENT_MRR = ((300.0, 0.5), (2500.0, 0.4), (15000.0, 0.4))
BG_EVENTS = ("page_viewed", "feature_used", "button_clicked", "search_performed", "report_exported",
             "file_uploaded", "notification_opened", "settings_viewed")
BG_EVENT_P = (0.55, 0.16, 0.12, 0.06, 0.03, 0.03, 0.03, 0.02)
BG_PAGES = ("/home", "/dashboard", "/reports", "/orders", "/settings", "/settings/billing",
            "/settings/profile", "/settings/integrations", "/help", "/search", "/orders/refunds", "/pricing")
BG_PAGE_P = (0.18, 0.22, 0.12, 0.12, 0.05, 0.04, 0.04, 0.03, 0.06, 0.06, 0.03, 0.05)
BG_FIXED_PAGE = {"settings_viewed": "/settings", "report_exported": "/reports", "search_performed": "/search"}
DEVICES = ("desktop", "mobile", "tablet")
DEVICE_P = (0.62, 0.32, 0.06)
APP_VERSIONS = ("5.2.0", "5.3.1", "5.4.0")


class TemplateBank:
    """All message templates; rows refer to them by index. Rendering fills {placeholders}."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.groups: dict[str, tuple[int, int]] = {}

    def add(self, key: str, templates: Sequence[str]) -> None:
        self.groups[key] = (len(self.texts), len(templates))
        self.texts.extend(templates)

    def pick(self, rng: np.random.Generator, keys: Sequence[str], which: Arr) -> Arr:
        """Template index per row: a uniform template of group keys[which[row]]."""
        off = np.array([self.groups[k][0] for k in keys])
        cnt = np.array([self.groups[k][1] for k in keys])
        w = np.asarray(which, dtype=np.int64)
        return off[w] + (rng.random(w.size) * cnt[w]).astype(np.int64)

    def members(self, key: str) -> list[str]:
        off, cnt = self.groups[key]
        return self.texts[off:off + cnt]

    def render(self, tpl: Arr, values: dict[str, pa.Array]) -> pa.Array:
        """Fill the placeholders of template tpl[row] with values[name][row]."""
        parts = [self._split(t) for t in self.texts]
        k_max = max(len(p) for p in parts)
        names = sorted({ph for p in parts for _, ph in p if ph})
        idx = pa.array(np.asarray(tpl, dtype=np.int64))
        pieces: list[pa.Array] = []
        empty = pa.array([""] * len(tpl), pa.string())
        for k in range(k_max):
            lits = [p[k][0] if k < len(p) else "" for p in parts]
            phs = [names.index(p[k][1]) + 1 if k < len(p) and p[k][1] else 0 for p in parts]
            pieces.append(pc.take(pa.array(lits, pa.string()), idx))
            code = np.asarray(phs, dtype=np.int8)[np.asarray(tpl, dtype=np.int64)]
            if code.any():
                pieces.append(pc.choose(pa.array(code), empty, *[values[n] for n in names]))
        return pc.binary_join_element_wise(*pieces, "") if len(pieces) > 1 else pieces[0]

    @staticmethod
    def _split(text: str) -> list[tuple[str, str]]:
        """'a {x} b' -> [('a ', 'x'), (' b', '')]."""
        out: list[tuple[str, str]] = []
        rest = text
        while "{" in rest:
            i = rest.index("{")
            j = rest.index("}", i)
            out.append((rest[:i], rest[i + 1:j]))
            rest = rest[j + 1:]
        out.append((rest, ""))
        return out


def build_bank(cat: Catalogue) -> TemplateBank:
    """Every message/comment template, grouped by purpose (and intent / info kind)."""
    bank = TemplateBank()
    for key, texts in GENERIC_TEXT.items():
        bank.add(key, texts)
    for intent in cat.intents:
        spec = INTENT_TEXT.get(intent, {})
        topic = str(spec.get("topic", intent.replace("_", " ")))
        opens = list(spec.get("open", [f"I need help with {topic}."]))
        for info, suffixes in INFO_SUFFIX.items():
            bank.add(f"open/{intent}/{info}", [o + s for o in opens for s in suffixes])
        bank.add(f"answer/{intent}", list(spec.get("answer", [f"Here is how {topic} works: see Settings."])))
        bank.add(f"resolve/{intent}", list(spec.get("resolve", [f"I've taken care of {topic} for you."])))
        bank.add(f"rephrase/{intent}", [f"Let me rephrase: I need help with {topic}.",
                                        f"I mean {topic}.", f"Sorry, it's about {topic}."])
        bank.add(f"summary/{intent}", [(f"Escalated from AI conversation. Summary: customer needs help with "
                                        f"{topic}.")])
        bank.add(f"t_reply_good/{intent}", ["Hi {first},\n\n" + r for r in bank.members(f"resolve/{intent}")])
    bank.add("t_reply_bad", ["Hi {first},\n\n" + r for r in GENERIC_TEXT["h_unresolved"]])
    for info in (INFO_ORDER, INFO_EMAIL, INFO_PHONE):
        bank.add(f"ask_known/{info}", ASK_KNOWN[info])
        bank.add(f"already/{info}", ALREADY_SAID[info])
        bank.add(f"reprovide/{info}", REPROVIDE[info])
    return bank


