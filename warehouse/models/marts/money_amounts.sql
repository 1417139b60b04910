-- One row per money amount reported in an article, converted to US dollars where a rate is known.
with

amounts as (
    select * from staging.stg_money_amounts
),

final as (
    select
        article_id,
        amount,
        currency,
        amount_usd,
        text,
        field,
        start_offset
    from amounts
)

select * from final
