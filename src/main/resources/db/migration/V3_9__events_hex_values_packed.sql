-- ADR 0023. A layout registered from now on is packed: its rows hold hexadecimal values (fingerprints, serial
-- numbers, hashes) as the Base64 of their bytes (HexValues). Rows written before keep the layouts they were
-- written with and are read as they were; the same names are registered again, packed, for new rows.
alter table event_extra_layouts add column packed boolean not null default false;
alter table event_extra_layouts drop constraint event_extra_layouts_names_key;
alter table event_extra_layouts add constraint event_extra_layouts_names_packed_key unique (names, packed);
