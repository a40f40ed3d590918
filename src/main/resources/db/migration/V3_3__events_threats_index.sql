-- The shared threats (ADR 0011) by time, newest first: a member's page is its own events (events_holder_time)
-- merged with these, each read from an index in order, so that a page costs its own rows and not the
-- window's. The predicate is EventSearch.THREATS, written the same way so that the planner matches it.
create index events_threats_time on events (time_source desc, id desc)
    where tlp in ('CLEAR', 'GREEN')
      and classification_taxonomy in ('abusive-content', 'fraud', 'information-gathering', 'intrusion-attempts',
                                      'malicious-code');
