-- Headline numbers for the run report, from the aggregate marts (a handful of rows per day), so that printing
-- them costs the same at 10 million articles as at a thousand.
select
    (select coalesce(sum(articles), 0) from marts.daily_publisher_articles) as articles,
    (select count(distinct publisher) from marts.daily_publisher_articles) as publishers,
    (select count(*) from quality.quarantine) as quarantined
