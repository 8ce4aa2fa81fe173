/* metric_names.h - every metric name and group of metrics.csv (SPEC 5.1),
 * in one place.
 *
 * Code names a figure by its enum (RP_MET_WINRATE), never by its text, so a
 * typo is a compile error instead of a silent n/a.  To add a metric: add a
 * line here, fill it in a metrics_*.c family, read it in a renderer.
 *
 * Runs of names indexed by another enum keep that enum's order, and the
 * static asserts in mtable.c hold them to it: funnel counts by enum
 * rp_stage, conversions by stage pair, quality rows by enum rp_file and
 * enum rp_anomaly.
 */
#ifndef REVPACK_METRIC_NAMES_H
#define REVPACK_METRIC_NAMES_H

#define RP_METRIC_LIST(X)                                                    \
    /* 4.1 funnel: counts in stage order, then adjacent conversions */      \
    X(FUNNEL_COUNT_LEAD, "funnel.count.lead")                                \
    X(FUNNEL_COUNT_MQL, "funnel.count.mql")                                  \
    X(FUNNEL_COUNT_SAL, "funnel.count.sal")                                  \
    X(FUNNEL_COUNT_SQL, "funnel.count.sql")                                  \
    X(FUNNEL_COUNT_OPPORTUNITY, "funnel.count.opportunity")                  \
    X(FUNNEL_COUNT_WON, "funnel.count.won")                                  \
    X(FUNNEL_CONV_LEAD_MQL, "funnel.conv.lead_mql")                          \
    X(FUNNEL_CONV_MQL_SAL, "funnel.conv.mql_sal")                            \
    X(FUNNEL_CONV_SAL_SQL, "funnel.conv.sal_sql")                            \
    X(FUNNEL_CONV_SQL_OPPORTUNITY, "funnel.conv.sql_opportunity")            \
    X(FUNNEL_CONV_OPPORTUNITY_WON, "funnel.conv.opportunity_won")            \
    X(FUNNEL_CONV_LEAD_WON, "funnel.conv.lead_won")                          \
    /* 4.2 win rate */                                                       \
    X(WINRATE, "winrate")                                                    \
    X(WINRATE_CI_LOW, "winrate.ci_low")                                      \
    X(WINRATE_CI_HIGH, "winrate.ci_high")                                    \
    X(WINRATE_WON_AMOUNT, "winrate.won_amount")                              \
    X(WINRATE_AVG_DEAL, "winrate.avg_deal")                                  \
    /* 4.3 velocity */                                                       \
    X(VELOCITY, "velocity")                                                  \
    X(VELOCITY_OPEN_OPPS, "velocity.open_opps")                              \
    X(VELOCITY_WIN_RATE, "velocity.win_rate")                                \
    X(VELOCITY_AVG_DEAL, "velocity.avg_deal")                                \
    X(VELOCITY_CYCLE_DAYS, "velocity.cycle_days")                            \
    /* 4.4 SLAs, scorecard order */                                          \
    X(SLA_M1, "sla.m1")                                                      \
    X(SLA_M2, "sla.m2")                                                      \
    X(SLA_M3, "sla.m3")                                                      \
    X(SLA_M4, "sla.m4")                                                      \
    X(SLA_M5, "sla.m5")                                                      \
    X(SLA_S1, "sla.s1")                                                      \
    X(SLA_S2, "sla.s2")                                                      \
    X(SLA_S3, "sla.s3")                                                      \
    X(SLA_S4, "sla.s4")                                                      \
    X(SLA_S1_FIRST_TOUCH_MEDIAN, "sla.s1.first_touch_median")                \
    X(SLA_S1_FIRST_TOUCH_P90, "sla.s1.first_touch_p90")                      \
    X(SLA_S1_FIRST_TOUCH_HIST, "sla.s1.first_touch_hist")                    \
    /* 4.5 calculator */                                                     \
    X(CALC_AVG_DEAL, "calc.avg_deal")                                        \
    X(CALC_MQL_TO_WON, "calc.mql_to_won")                                    \
    X(CALC_MQLS_NEEDED_PER_MONTH, "calc.mqls_needed_per_month")              \
    /* 4.7 stage flow time: pair by pair, four figures each */                \
    X(FLOW_LEAD_MQL_N, "flow.lead_mql.n")                                    \
    X(FLOW_LEAD_MQL_MEDIAN_DAYS, "flow.lead_mql.median_days")                \
    X(FLOW_LEAD_MQL_P90_DAYS, "flow.lead_mql.p90_days")                      \
    X(FLOW_LEAD_MQL_MEAN_DAYS, "flow.lead_mql.mean_days")                    \
    X(FLOW_MQL_SAL_N, "flow.mql_sal.n")                                      \
    X(FLOW_MQL_SAL_MEDIAN_DAYS, "flow.mql_sal.median_days")                  \
    X(FLOW_MQL_SAL_P90_DAYS, "flow.mql_sal.p90_days")                        \
    X(FLOW_MQL_SAL_MEAN_DAYS, "flow.mql_sal.mean_days")                      \
    X(FLOW_SAL_SQL_N, "flow.sal_sql.n")                                      \
    X(FLOW_SAL_SQL_MEDIAN_DAYS, "flow.sal_sql.median_days")                  \
    X(FLOW_SAL_SQL_P90_DAYS, "flow.sal_sql.p90_days")                        \
    X(FLOW_SAL_SQL_MEAN_DAYS, "flow.sal_sql.mean_days")                      \
    X(FLOW_SQL_OPPORTUNITY_N, "flow.sql_opportunity.n")                      \
    X(FLOW_SQL_OPPORTUNITY_MEDIAN_DAYS, "flow.sql_opportunity.median_days")  \
    X(FLOW_SQL_OPPORTUNITY_P90_DAYS, "flow.sql_opportunity.p90_days")        \
    X(FLOW_SQL_OPPORTUNITY_MEAN_DAYS, "flow.sql_opportunity.mean_days")      \
    X(FLOW_OPPORTUNITY_WON_N, "flow.opportunity_won.n")                      \
    X(FLOW_OPPORTUNITY_WON_MEDIAN_DAYS, "flow.opportunity_won.median_days")  \
    X(FLOW_OPPORTUNITY_WON_P90_DAYS, "flow.opportunity_won.p90_days")        \
    X(FLOW_OPPORTUNITY_WON_MEAN_DAYS, "flow.opportunity_won.mean_days")      \
    X(FLOW_LEAD_WON_N, "flow.lead_won.n")                                    \
    X(FLOW_LEAD_WON_MEDIAN_DAYS, "flow.lead_won.median_days")                \
    X(FLOW_LEAD_WON_P90_DAYS, "flow.lead_won.p90_days")                      \
    X(FLOW_LEAD_WON_MEAN_DAYS, "flow.lead_won.mean_days")                    \
    /* 4.6 */                                                                \
    X(PIPELINE_CREATED, "pipeline.created")                                  \
    X(REVENUE_WON, "revenue.won")                                            \
    X(REVENUE_MARKETING_SHARE, "revenue.marketing_share")                    \
    X(REASONS_RECYCLED, "reasons.recycled")                                  \
    X(REASONS_DISQUALIFIED, "reasons.disqualified")                          \
    X(SPEND_AMOUNT, "spend.amount")                                          \
    X(SPEND_COST_PER_MQL, "spend.cost_per_mql")                              \
    X(SPEND_CAC, "spend.cac")                                                \
    /* data quality: per file in enum rp_file order, then all files */       \
    X(QUALITY_ROWS_READ_LEADS, "quality.rows_read.leads")                    \
    X(QUALITY_ROWS_READ_OPPORTUNITIES, "quality.rows_read.opportunities")    \
    X(QUALITY_ROWS_READ_ACTIVITIES, "quality.rows_read.activities")          \
    X(QUALITY_ROWS_READ_SPEND, "quality.rows_read.spend")                    \
    X(QUALITY_ROWS_READ_TOTAL, "quality.rows_read.total")                    \
    X(QUALITY_ROWS_USED_LEADS, "quality.rows_used.leads")                    \
    X(QUALITY_ROWS_USED_OPPORTUNITIES, "quality.rows_used.opportunities")    \
    X(QUALITY_ROWS_USED_ACTIVITIES, "quality.rows_used.activities")          \
    X(QUALITY_ROWS_USED_SPEND, "quality.rows_used.spend")                    \
    X(QUALITY_ROWS_USED_TOTAL, "quality.rows_used.total")                    \
    X(QUALITY_ROWS_REJECTED_LEADS, "quality.rows_rejected.leads")            \
    X(QUALITY_ROWS_REJECTED_OPPORTUNITIES,                                   \
      "quality.rows_rejected.opportunities")                                 \
    X(QUALITY_ROWS_REJECTED_ACTIVITIES, "quality.rows_rejected.activities")  \
    X(QUALITY_ROWS_REJECTED_SPEND, "quality.rows_rejected.spend")            \
    X(QUALITY_ROWS_REJECTED_TOTAL, "quality.rows_rejected.total")            \
    X(QUALITY_REJECT_SHARE_LEADS, "quality.reject_share.leads")              \
    X(QUALITY_REJECT_SHARE_OPPORTUNITIES,                                    \
      "quality.reject_share.opportunities")                                  \
    X(QUALITY_REJECT_SHARE_ACTIVITIES, "quality.reject_share.activities")    \
    X(QUALITY_REJECT_SHARE_SPEND, "quality.reject_share.spend")              \
    X(QUALITY_REJECT_SHARE_TOTAL, "quality.reject_share.total")              \
    /* anomalies in enum rp_anomaly order */                                 \
    X(QUALITY_ANOMALIES_STAGE_ORDER, "quality.anomalies.stage_order")        \
    X(QUALITY_ANOMALIES_ACTIVITY_UNKNOWN_LEAD,                               \
      "quality.anomalies.activity_unknown_lead")                             \
    X(QUALITY_ANOMALIES_OPPORTUNITY_UNKNOWN_LEAD,                            \
      "quality.anomalies.opportunity_unknown_lead")                          \
    X(QUALITY_ANOMALIES_CLOSED_WITHOUT_DATE,                                 \
      "quality.anomalies.closed_without_date")                               \
    /* how each file was read (mappings): enum rp_file order; the key names \
     * the mapping / encoding, the value is the file's rows read */          \
    X(QUALITY_MAPPING_LEADS, "quality.mapping.leads")                        \
    X(QUALITY_MAPPING_OPPORTUNITIES, "quality.mapping.opportunities")        \
    X(QUALITY_MAPPING_ACTIVITIES, "quality.mapping.activities")              \
    X(QUALITY_MAPPING_SPEND, "quality.mapping.spend")                        \
    X(QUALITY_ENCODING_LEADS, "quality.encoding.leads")                      \
    X(QUALITY_ENCODING_OPPORTUNITIES, "quality.encoding.opportunities")      \
    X(QUALITY_ENCODING_ACTIVITIES, "quality.encoding.activities")            \
    X(QUALITY_ENCODING_SPEND, "quality.encoding.spend")                      \
    /* report footer lines skipped, for files read with a footer rule */    \
    X(QUALITY_TRAILER_LINES_LEADS, "quality.trailer_lines.leads")            \
    X(QUALITY_TRAILER_LINES_OPPORTUNITIES,                                   \
      "quality.trailer_lines.opportunities")                                 \
    X(QUALITY_TRAILER_LINES_ACTIVITIES, "quality.trailer_lines.activities")  \
    X(QUALITY_TRAILER_LINES_SPEND, "quality.trailer_lines.spend")

#define RP_METRIC_ENUM_(id, name) RP_MET_##id,
enum rp_metric { RP_METRIC_LIST(RP_METRIC_ENUM_) RP_N_METRICS };
#undef RP_METRIC_ENUM_

/* The `group` column: what the key of a row is. */
#define RP_GROUP_LIST(X)                                                     \
    X(ALL, "all")                                                            \
    X(SOURCE, "source")                                                      \
    X(SEGMENT, "segment")                                                    \
    X(OWNER, "owner")                                                        \
    X(TEAM, "team")                                                          \
    X(MONTH, "month")                                                        \
    X(QUARTER, "quarter")                                                    \
    X(SOURCE_MONTH, "source_month")                                          \
    X(REASON, "reason")                                                      \
    X(HOURS, "hours")                                                        \
    X(MAPPING, "mapping")                                                    \
    X(ENCODING, "encoding")

#define RP_GROUP_ENUM_(id, name) RP_GRP_##id,
enum rp_group { RP_GROUP_LIST(RP_GROUP_ENUM_) RP_N_GROUPS };
#undef RP_GROUP_ENUM_

#endif
