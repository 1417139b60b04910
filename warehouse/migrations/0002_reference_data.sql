-- Reference dimensions for fact extraction, refreshed from warehouse/seeds/*.csv on every run.

create table core.dim_countries (
    iso3              varchar primary key,
    iso2              varchar not null,
    name              varchar not null,
    aliases           varchar not null,
    requires_context  varchar
);

create table core.dim_weapon_systems (
    weapon_id         varchar primary key,
    name              varchar not null,
    family            varchar not null,
    aliases           varchar not null,
    category          varchar not null,
    origin_iso3       varchar,
    manufacturer      varchar,
    requires_context  varchar
);

create table core.dim_organizations (
    org_id            varchar primary key,
    name              varchar not null,
    aliases           varchar not null,
    org_type          varchar not null,
    country_iso3      varchar,
    requires_context  varchar
);

create table core.dim_fx_rates (
    currency          varchar not null,
    year              integer not null,
    usd_per_unit      double not null,
    status            varchar not null,
    primary key (currency, year)
);
