-- Deal facts: who buys what from whom, for how much, at what stage, with the text that says so.
create table core.deals (
    deal_id           varchar not null,   -- hash of article, field, offset and position in the unit
    article_id        varchar not null,
    field             varchar not null,   -- title | summary
    rule              varchar not null,   -- dod_contract | dsca_fms | news: which rule set found it
    buyer             varchar,            -- ISO 3166-1 alpha-3
    seller_country    varchar,
    supplier          varchar,
    supplier_id       varchar,
    system            varchar,
    weapon_id         varchar,
    quantity          bigint,
    value             double,
    currency          varchar,
    value_usd         double,
    value_text        varchar,            -- the amount as written
    stage             varchar not null,
    contract_id       varchar,
    agency            varchar,
    evidence          varchar not null,
    start_offset      integer not null,
    end_offset        integer not null,
    extractor_version varchar not null
);
