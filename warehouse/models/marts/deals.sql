-- One row per deal an article states (who buys what from whom, for how much, at what stage), with the
-- article's publication time, display names from the reference data and the deal group: one deal reported
-- by several articles is one group.
--
-- Two deals match when they come from different articles (or from the title and the summary of one
-- article), were published at most 30 days apart, have the same buyer and the same kind of stage (an
-- approval or request, a contract action, or a delivery: a delivery is news of its own, not one more report
-- of the contract it fulfils), and
--   - both state a value: the values are within 1% of each other (value_usd; the value itself, in one
--     currency, when no exchange rate is known) and they share the supplier (supplier_id, else the
--     lower-cased name) or the system (weapon_id, else the lower-cased text);
--   - otherwise (at least one states no value): they share the supplier and the system.
-- A deal joins the group of its earliest (published_at, then deal_id) earlier match, and a deal with no
-- earlier match starts a group of its own, so deal_group_id is always the deal_id of the group's first
-- report. A group spans at most 30 days: a report that matches an earlier one but comes more than 30 days
-- after that one's group began starts a new group (a chain of reports never merges months of news).
--
-- 30 days are 720 hours, whatever the reader's session time zone (a timestamptz plus 30 days is a calendar
-- step in that zone, an hour short across a daylight-saving change).
--
-- The pairs come from equality joins on buyer, a value band and a 30-day window band: every deal is looked
-- up in its own band and the neighbouring ones, then the exact conditions are checked. However many deals
-- one buyer has (every DoD contract is the United States'), a deal is compared with few others.
-- Only deals of articles present in marts.articles.
with recursive

deals as (
    select * from staging.stg_deals
),

articles as (
    select article_id, published_at, publisher, title from marts.articles
),

weapons as (
    select weapon_id, name, family, category from staging.stg_dim_weapon_systems
),

countries as (
    select iso3, name from staging.stg_dim_countries
),

organizations as (
    select org_id, name from staging.stg_dim_organizations
),

reported as (
    select
        deals.*,
        articles.published_at,
        articles.publisher,
        articles.title,
        coalesce(deals.supplier_id, lower(deals.supplier)) as supplier_key,
        coalesce(deals.weapon_id, lower(deals.system)) as system_key,
        case
            when deals.stage = 'delivered' then 'delivery'
            when deals.stage in ('approved', 'requested') then 'approval'
            else 'contract'
        end as stage_kind,
        -- the amount two reports are compared on, and its unit
        case when deals.value_usd > 0 then deals.value_usd when deals.value > 0 then deals.value end
            as amount,
        case when deals.value_usd > 0 then 'USD' when deals.value > 0 then deals.currency end
            as amount_unit
    from deals
    inner join articles using (article_id)
),

banded as (
    select
        *,
        -- bands 2% wide on a log scale: two amounts within 1% fall in the same or neighbouring bands
        cast(floor(ln(amount) * 50) as bigint) as value_band,
        -- 30-day windows: two reports at most 30 days apart fall in the same or consecutive windows
        cast(floor(epoch(published_at) / (30 * 86400)) as bigint) as window_band
    from reported
),

-- each report that may be the earlier of a pair, under every window (and value band) of a later report
-- it could match
window_probes as (
    select banded.*, banded.window_band + shift.shift as probe_window_band
    from banded
    cross join (values (0), (1)) as shift (shift)
),

value_probes as (
    select window_probes.*, window_probes.value_band + shift.shift as probe_value_band
    from window_probes
    cross join (values (-1), (0), (1)) as shift (shift)
    where window_probes.amount is not null
),

valued_pairs as (
    select
        later.deal_id,
        later.published_at,
        earlier.deal_id as earlier_deal_id,
        earlier.published_at as earlier_published_at
    from banded as later
    inner join value_probes as earlier
        on earlier.buyer = later.buyer
        and earlier.stage_kind = later.stage_kind
        and earlier.amount_unit = later.amount_unit
        and earlier.probe_value_band = later.value_band
        and earlier.probe_window_band = later.window_band
    where (earlier.published_at < later.published_at
            or (earlier.published_at = later.published_at and earlier.deal_id < later.deal_id))
        and later.published_at <= earlier.published_at + interval 720 hour
        and (earlier.article_id <> later.article_id or earlier.field <> later.field)
        and earlier.amount >= 0.99 * later.amount
        and later.amount >= 0.99 * earlier.amount
        and (earlier.supplier_key = later.supplier_key or earlier.system_key = later.system_key)
),

unvalued_pairs as (
    select
        later.deal_id,
        later.published_at,
        earlier.deal_id as earlier_deal_id,
        earlier.published_at as earlier_published_at
    from banded as later
    inner join window_probes as earlier
        on earlier.buyer = later.buyer
        and earlier.stage_kind = later.stage_kind
        and earlier.supplier_key = later.supplier_key
        and earlier.system_key = later.system_key
        and earlier.probe_window_band = later.window_band
    where (earlier.published_at < later.published_at
            or (earlier.published_at = later.published_at and earlier.deal_id < later.deal_id))
        and later.published_at <= earlier.published_at + interval 720 hour
        and (earlier.article_id <> later.article_id or earlier.field <> later.field)
        -- no two amounts to compare
        and (later.amount is null or earlier.amount is null or later.amount_unit <> earlier.amount_unit)
),

-- the earliest earlier match of each deal that has one
parents as materialized (
    select deal_id, published_at, earlier_deal_id as parent_deal_id
    from (select * from valued_pairs union all select * from unvalued_pairs)
    qualify row_number() over (partition by deal_id order by earlier_published_at, earlier_deal_id) = 1
),

-- follow the parents down from the deals without one: a deal joins its parent's group, unless it comes more
-- than 30 days after the group's first report; then it starts a group of its own
grouped (deal_id, deal_group_id, group_started_at) as (
    select deal_id, deal_id, published_at
    from reported
    where deal_id not in (select deal_id from parents)
    union all
    select
        parents.deal_id,
        case
            when parents.published_at <= grouped.group_started_at + interval 720 hour then grouped.deal_group_id
            else parents.deal_id
        end,
        case
            when parents.published_at <= grouped.group_started_at + interval 720 hour then grouped.group_started_at
            else parents.published_at
        end
    from parents
    inner join grouped on grouped.deal_id = parents.parent_deal_id
),

final as (
    select
        reported.deal_id,
        reported.article_id,
        reported.published_at,
        reported.buyer,
        reported.seller_country,
        reported.supplier,
        reported.supplier_id,
        reported.system,
        reported.weapon_id,
        weapons.family as weapon_family,
        reported.quantity,
        reported.value,
        reported.currency,
        reported.value_usd,
        reported.stage,
        reported.contract_id,
        reported.agency,
        reported.evidence,
        reported.start_offset,
        reported.end_offset,
        reported.extractor_version,
        grouped.deal_group_id,
        row_number() over (
            partition by grouped.deal_group_id order by reported.published_at, reported.deal_id
        ) as report_number,
        reported.field,
        reported.rule,
        reported.value_text,
        reported.publisher,
        reported.title,
        buyers.name as buyer_name,
        sellers.name as seller_country_name,
        coalesce(organizations.name, reported.supplier) as supplier_name,
        weapons.name as weapon_name,
        weapons.category as weapon_category
    from reported
    inner join grouped using (deal_id)
    left join weapons on weapons.weapon_id = reported.weapon_id
    left join countries as buyers on buyers.iso3 = reported.buyer
    left join countries as sellers on sellers.iso3 = reported.seller_country
    left join organizations on organizations.org_id = reported.supplier_id
)

select * from final
