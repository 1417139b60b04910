-- One quarantine row by id (`dnw quarantine show`).
select * from quality.quarantine where quarantine_id = ?
