-- Headline numbers for the run report.
select
    (select count(*) from marts.articles) as articles,
    (select count(distinct publisher) from marts.articles) as publishers,
    (select count(*) from quality.quarantine) as quarantined
