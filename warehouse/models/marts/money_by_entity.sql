-- One row per (article, distinct amount, entity the article mentions): the money reported in articles that
-- mention a country, weapon system or organization. An amount repeated in one article counts once, also
-- when written at another precision ("$11.8 billion" in the title, "$11,760,000,000" in the summary: equal
-- to three significant digits); an article naming two countries attributes its amounts to both (read
-- totals as "money reported around" an entity, not as money paid by it).
with

amounts as (
    select
        article_id,
        currency,
        round(amount, 2 - cast(floor(log10(amount)) as integer)) as amount_3sig,
        max(amount) as amount,
        max(amount_usd) as amount_usd,
        arg_max(text, amount) as text
    from staging.stg_money_amounts
    where amount > 0
    group by article_id, currency, amount_3sig
),

mentions as (
    select article_id, entity_type, entity_id, entity_name, published_at from marts.entity_mentions
),

weapons as (
    select weapon_id, family, category from staging.stg_dim_weapon_systems
),

final as (
    select
        mentions.article_id,
        mentions.published_at,
        mentions.entity_type,
        mentions.entity_id,
        mentions.entity_name,
        weapons.family as weapon_family,
        weapons.category as weapon_category,
        amounts.amount,
        amounts.currency,
        amounts.amount_usd,
        amounts.text
    from amounts
    inner join mentions using (article_id)
    left join weapons on mentions.entity_type = 'weapon_system' and weapons.weapon_id = mentions.entity_id
)

select * from final
