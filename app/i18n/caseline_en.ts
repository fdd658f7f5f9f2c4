<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CallHistoryView</name>
    <message numerus="yes">
        <source>&amp;Missed (%n)</source>
        <translation>
            <numerusform>&amp;Missed (%n)</numerusform>
            <numerusform>&amp;Missed (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Show missed calls only, %n not yet seen</source>
        <translation>
            <numerusform>Show missed calls only, %n not yet seen</numerusform>
            <numerusform>Show missed calls only, %n not yet seen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CallPanel</name>
    <message numerus="yes">
        <source>%n other call(s) on hold or waiting</source>
        <translation>
            <numerusform>%n other call on hold or waiting</numerusform>
            <numerusform>%n other calls on hold or waiting</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CallbacksView</name>
    <message numerus="yes">
        <source>(and %n more)</source>
        <translation>
            <numerusform>(and %n more)</numerusform>
            <numerusform>(and %n more)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseSearch</name>
    <message numerus="yes">
        <source>The first %n SRs; type more to narrow it down.</source>
        <translation>
            <numerusform>The first %n SRs; type more to narrow it down.</numerusform>
            <numerusform>The first %n SRs; type more to narrow it down.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n SR(s) found.</source>
        <translation>
            <numerusform>%n SR found.</numerusform>
            <numerusform>%n SRs found.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message numerus="yes">
        <source>&amp;Notes (%n)</source>
        <translation>
            <numerusform>&amp;Notes (%n)</numerusform>
            <numerusform>&amp;Notes (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ca&amp;lls (%n)</source>
        <translation>
            <numerusform>Ca&amp;lls (%n)</numerusform>
            <numerusform>Ca&amp;lls (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>T&amp;ranslations (%n waiting)</source>
        <translation>
            <numerusform>T&amp;ranslations (%n waiting)</numerusform>
            <numerusform>T&amp;ranslations (%n waiting)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>T&amp;ranslations (%n)</source>
        <translation>
            <numerusform>T&amp;ranslations (%n)</numerusform>
            <numerusform>T&amp;ranslations (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IncomingPopup</name>
    <message numerus="yes">
        <source>Repeat caller: %n call(s) this week, last %1</source>
        <translation>
            <numerusform>Repeat caller: %n call this week, last %1</numerusform>
            <numerusform>Repeat caller: %n calls this week, last %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n candidate SR(s)</source>
        <translation>
            <numerusform>%n candidate SR</numerusform>
            <numerusform>%n candidate SRs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Translation queue (%n)</source>
        <translation>
            <numerusform>Translation queue (%n)</numerusform>
            <numerusform>Translation queue (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new exception(s) in the team&apos;s queues</source>
        <translation>
            <numerusform>%n new exception in the team&apos;s queues</numerusform>
            <numerusform>%n new exceptions in the team&apos;s queues</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Callbacks (%n due)</source>
        <translation>
            <numerusform>Callbacks (%n due)</numerusform>
            <numerusform>Callbacks (%n due)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Call history (%n missed)</source>
        <translation>
            <numerusform>Call history (%n missed)</numerusform>
            <numerusform>Call history (%n missed)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Note draft saved (%n character(s))</source>
        <translation>
            <numerusform>Note draft saved (%n character)</numerusform>
            <numerusform>Note draft saved (%n characters)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s) saved to {number}.</source>
        <translation>
            <numerusform>%n note saved to {number}.</numerusform>
            <numerusform>%n notes saved to {number}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MissedCallNotice</name>
    <message numerus="yes">
        <source>%n missed calls</source>
        <translation>
            <numerusform>%n missed calls</numerusform>
            <numerusform>%n missed calls</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverdueCallbacksTab</name>
    <message numerus="yes">
        <source>Only the %n longest waiting are shown.</source>
        <translation>
            <numerusform>Only the %n longest waiting are shown.</numerusform>
            <numerusform>Only the %n longest waiting are shown.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Overdue &amp;callbacks (%n)</source>
        <translation>
            <numerusform>Overdue &amp;callbacks (%n)</numerusform>
            <numerusform>Overdue &amp;callbacks (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueWatchView</name>
    <message numerus="yes">
        <source>%n with exceptions</source>
        <translation>
            <numerusform>%n with exceptions</numerusform>
            <numerusform>%n with exceptions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n SR(s) with exceptions</source>
        <translation>
            <numerusform>%n SR with exceptions</numerusform>
            <numerusform>%n SRs with exceptions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusUpdatesView</name>
    <message numerus="yes">
        <source>%n SR(s) left to call</source>
        <translation>
            <numerusform>%n SR left to call</numerusform>
            <numerusform>%n SRs left to call</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message numerus="yes">
        <source>Offline — %n waiting</source>
        <translation>
            <numerusform>Offline — %n waiting</numerusform>
            <numerusform>Offline — %n waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to sync</source>
        <translation>
            <numerusform>%n waiting to sync</numerusform>
            <numerusform>%n waiting to sync</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n SR(s) changed here and centrally at the same time: click the red part to choose which values to keep.</source>
        <translation>
            <numerusform>%n SR changed here and centrally at the same time: click the red part to choose which values to keep.</numerusform>
            <numerusform>%n SRs changed here and centrally at the same time: click the red part to choose which values to keep.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) on this PC not yet sent.</source>
        <translation>
            <numerusform>%n change on this PC not yet sent.</numerusform>
            <numerusform>%n changes on this PC not yet sent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) refused by the central database: they stay on this PC until they are changed.</source>
        <translation>
            <numerusform>%n record refused by the central database: they stay on this PC until they are changed.</numerusform>
            <numerusform>%n records refused by the central database: they stay on this PC until they are changed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n SR conflict(s)</source>
        <translation>
            <numerusform>%n SR conflict</numerusform>
            <numerusform>%n SR conflicts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TranslationQueueView</name>
    <message numerus="yes">
        <source>%n text(s) waiting for a translation, oldest first.</source>
        <translation>
            <numerusform>%n text waiting for a translation, oldest first.</numerusform>
            <numerusform>%n texts waiting for a translation, oldest first.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message numerus="yes">
        <source>%n call(s) exported to {path}.</source>
        <translation>
            <numerusform>%n call exported to {path}.</numerusform>
            <numerusform>%n calls exported to {path}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n recording(s) older than {days} days deleted from {path}; call logs kept.</source>
        <translation>
            <numerusform>%n recording older than {days} days deleted from {path}; call logs kept.</numerusform>
            <numerusform>%n recordings older than {days} days deleted from {path}; call logs kept.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n SR(s) were changed here and centrally: choose the values to keep in CaseLine.</source>
        <translation>
            <numerusform>%n SR were changed here and centrally: choose the values to keep in CaseLine.</numerusform>
            <numerusform>%n SRs were changed here and centrally: choose the values to keep in CaseLine.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) were refused by the central database and wait here; see the sync status in CaseLine.</source>
        <translation>
            <numerusform>%n change were refused by the central database and wait here; see the sync status in CaseLine.</numerusform>
            <numerusform>%n changes were refused by the central database and wait here; see the sync status in CaseLine.</numerusform>
        </translation>
    </message>
</context>
</TS>
