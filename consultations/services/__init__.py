"""Every state change of a consultation: one function per step, one module per kind.

- ``website`` — the website channel's intake (the other channels' intakes join here,
  one module each);
- ``letters`` — the letter channel: registration, upload, checklist, receipt (the
  clock's start), disposition; ``drafting`` — answer versions and their reviews;
  ``answer_letters`` — the numbered answer letter PDF (the clock's stop);
- the walk-in channel's services are its package's (``channels.tatap_muka.services``: the form
  beforehand, the desk, hand-off, advice);
- ``meetings`` — the online-meeting channel after the letter desk: the PIC, the
  schedule with its calendar invitations, its cancellation (back to the desk, or closed
  as cancelled); ``meeting_reports`` — the report after the meeting;
- ``intake`` — what every intake shares: case numbers, routing;
- ``compensation`` — what a breach brings (the priority credit granted) and the credit
  consumed;
- ``steps`` — the steps of a case in hand: assign, claim, re-route, notes, messages;
- ``answers`` — the website's output (the answer, which stops the clock) and corrections;
- ``deadlines`` — the desk's hooks on the one deadline lifecycle (``core.lifecycle``:
  clock, recompute after a calendar change, at-risk reminders, breach sweep);
- ``rates`` — how much one applicant may send in an hour;
- ``common`` — the lock, the event record, input checks, the clock as the channel
  registry drives it, and the one block that stores a step's files.

Each step function is keyword-only and ``@transaction.atomic``. It locks the case row
(``select_for_update``), checks the step against the status table and the case's channel
(``channels.check_step``) and the actor against the policies (``policies.py``), changes
the case, writes one :class:`~consultations.models.Event` (actor, time, type, details)
and queues its e-mails in the outbox — all in the same transaction; e-mails leave only
after commit.

Errors: ``NotAllowed`` (a ``PermissionDenied``) for the wrong actor, ``InvalidTransition``
for the wrong status, ``ValidationError`` (keyed by field) for bad input,
``SubmissionRateExceeded`` / ``MessageRateExceeded`` for too many submissions or
messages. Views, tasks, admin actions and commands all call these functions, named by
their module (``steps.assign``, ``letters.dispose``: no re-export face here); nothing
else changes a consultation's state.

``now`` parameters exist for tests and imports of historical data; leave them out.
"""
