/* generate.c - deterministic sample CRM exports for revpack.
 *
 *   build/gen --leads 6000 --out sample-data [--seed 42]
 *   build/gen --leads 300 --shape hubspot --out DIR [--twin]
 *
 * Writes leads.csv, opportunities.csv, activities.csv and spend.csv: leads
 * created from 2025-01-01 over 22 months, eight sources with their own
 * conversion, win rate and deal size, four teams (one Chinese), sales
 * touches, monthly spend, and - on purpose - a handful of bad rows and
 * anomalies of every kind revpack reports.  Same arguments, same bytes.
 *
 * --shape writes the same records as a CRM exports them (hubspot,
 * salesforce-report, salesforce-api, fxiaoke, jiandaoyun: the headers,
 * value formats and quirks of ../shared/VENDORS.md), with no deliberate
 * defects, times to the minute and close dates at midnight; --twin writes
 * those records in canonical form instead, only the columns the vendor
 * carries, so both folders must give revpack the same metrics.
 */
#include <iconv.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t rng_state;

static uint64_t next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double unif(void) { return (double)(next() >> 11) / 9007199254740992.0; }
static int pick(int n) { return (int)(unif() * n); }
static int chance(double p) { return unif() < p; }

/* exponential with mean m */
static double expo(double m) { return -m * log(1.0 - unif()); }

struct source {
    const char *name;
    double weight, mql, sal, sql, opp, win, deal, cost_per_lead;
    const char *campaigns[3];
};

static const struct source sources[] = {
    {"Website", 25, 0.55, 0.70, 0.55, 0.60, 0.30, 18000, 40,
     {"Website - Demo Request", "Website - Pricing Page", "Website - Contact Us"}},
    {"Paid Search", 20, 0.45, 0.60, 0.45, 0.55, 0.18, 14000, 90,
     {"Google Ads - Brand", "Google Ads - Competitor", "Baidu SEM"}},
    {"Trade Show", 10, 0.60, 0.75, 0.60, 0.65, 0.36, 32000, 160,
     {"Hannover Messe 2025", "CIIF Shanghai 2025", "Automate 2026"}},
    {"Referral", 8, 0.80, 0.85, 0.70, 0.70, 0.42, 26000, 20,
     {"Customer Referral Program", "Partner Referral", "Customer Referral Program"}},
    {"Webinar", 12, 0.50, 0.60, 0.45, 0.50, 0.24, 16000, 55,
     {"Webinar: Predictive Maintenance", "Webinar: OEE 101", "Webinar: Smart Factory"}},
    {"Content", 10, 0.35, 0.55, 0.40, 0.45, 0.20, 12000, 35,
     {"Ebook: Plant Analytics", "Whitepaper: ROI of IIoT", "Blog Newsletter"}},
    {"Partner", 8, 0.65, 0.70, 0.55, 0.60, 0.33, 28000, 25,
     {"Partner MDF Q1", "Partner MDF Q2", "Reseller Program"}},
    {"Outbound", 7, 0.40, 0.50, 0.40, 0.45, 0.22, 21000, 70,
     {"Outbound - Enterprise", "Outbound - Mid-Market", "Outbound - Enterprise"}},
};
#define N_SOURCES (sizeof(sources) / sizeof(sources[0]))

struct team {
    const char *name;
    double weight;
    const char *owners[4];
    const char *country[3];
    const char *region;
    double first_touch_mean_h;     /* sales speed differs by team */
    double attempts_mean;
};

static const struct team teams[] = {
    {"North America", 35, {"Alice Morgan", "Ben Carter", "Chloe Nguyen", "Diego Ramos"},
     {"United States", "Canada", "United States"}, "North America", 10, 6.5},
    {"EMEA", 30, {"Emma Schulz", "Farid Haddad", "Greta Lind", "Hugo Martin"},
     {"Germany", "United Kingdom", "France"}, "EMEA", 22, 5.5},
    {"APAC", 15, {"Isha Patel", "Jun Tanaka", "Kai Wong", "Isha Patel"},
     {"Japan", "Singapore", "Australia"}, "APAC", 16, 6.0},
    {"华东", 20, {"张伟", "李娜", "王芳", "陈静"},
     {"中国", "中国", "中国"}, "华东", 8, 8.5},
};
#define N_TEAMS (sizeof(teams) / sizeof(teams[0]))

static const char *industries[] = {"Manufacturing", "Automotive", "Electronics",
                                   "Food & Beverage", "Logistics", "Energy",
                                   "Software", "Education"};
static const char *titles[] = {"VP Operations", "Director of Engineering",
                               "Plant Manager", "Head of IT", "CTO",
                               "Maintenance Engineer", "Analyst", "Student",
                               "Founder & CEO", "Procurement Manager",
                               "Quality Director", "Intern"};
static const char *titles_cn[] = {"采购经理", "工厂总监", "IT负责人", "工程师",
                                  "总经理", "技术总监", "实习生"};
static const char *co_a[] = {"Northwind", "Contoso", "Globex", "Initech",
                             "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay",
                             "Acme", "Cyberdyne", "Tyrell", "Soylent", "Wonka",
                             "Dunder", "Gringotts"};
static const char *co_b[] = {"Industries", "Systems", "Robotics", "Foods",
                             "Logistics", "Energy", "Manufacturing", "Labs",
                             "GmbH", "Ltd", "Holdings", "Automation"};
static const char *co_cn_a[] = {"上海", "苏州", "杭州", "宁波", "南京", "无锡"};
static const char *co_cn_b[] = {"星辰", "华锐", "博远", "精工", "恒通", "智联",
                                "东方", "新材"};
static const char *recycle_reasons[] = {"Not ready to buy", "No budget this year",
                                        "Timing - revisit next quarter",
                                        "暂无预算"};
static const char *dq_reasons[] = {"Wrong contact", "Competitor", "Student",
                                   "No project", "联系不上", "Duplicate"};
static const char *segments[] = {"SMB", "Mid-Market", "Enterprise"};
static const char *open_stages[] = {"Discovery", "Demo", "Proposal",
                                    "Negotiation"};


/* --- vendor shapes ------------------------------------------------------ */

enum xf {
    X_TEXT, X_TIME, X_DATE, X_MONEY, X_INT, X_BOOL, X_ID,
    X_WON, X_LOST,          /* from the stage: a vendor's true/false */
    X_STATUS,               /* from the stage: won/lost/open label */
    X_CONST                 /* a fixed value: the column's `fixed` */
};

struct vcol {
    const char *header;
    int canon;              /* canonical column index, -1 none */
    enum xf xf;
    const char *fixed;
};

struct shape {
    const char *name;
    const char *files[3];   /* leads, opportunities, activities */
    const struct vcol *cols[3];
    int quote_all;          /* HubSpot and Salesforce quote every field */
    int gb18030;            /* Excel "CSV" on Chinese Windows */
    int footer;             /* Salesforce report footer */
    const char *yes, *no;   /* booleans */
    const char *status[3];  /* open, won, lost */
};

/* canonical columns */
enum { L_ID, L_CREATED, L_CAPTURED, L_SOURCE, L_CAMPAIGN, L_COMPANY,
       L_INDUSTRY, L_TITLE, L_PHONE, L_EMAIL, L_COUNTRY, L_REGION, L_EMP,
       L_REV, L_ICP, L_OWNER, L_TEAM, L_MQL, L_SAL, L_SQL, L_OPP, L_REC,
       L_RREASON, L_DQ, L_DREASON, L_N };
enum { O_ID, O_CREATED, O_LEAD, O_SOURCE, O_STAGE, O_OUTCOME, O_AMOUNT,
       O_CLOSED, O_OWNER, O_TEAM, O_SEGMENT, O_ACCOUNT, O_N };
enum { A_ID, A_LEAD, A_WHEN, A_TYPE, A_OWNER, A_N };
static const int n_canon[3] = {L_N, O_N, A_N};
static const char *const canon_names[3][L_N] = {
    {"lead_id", "created_at", "captured_at", "source", "campaign", "company",
     "industry", "job_title", "phone", "email", "country", "region",
     "employees", "annual_revenue", "icp_fit", "owner", "team", "mql_at",
     "sal_at", "sql_at", "opportunity_id", "recycled_at", "recycle_reason",
     "disqualified_at", "disqualify_reason"},
    {"opportunity_id", "created_at", "lead_id", "source", "stage", "outcome",
     "amount", "closed_at", "owner", "team", "segment", "account"},
    {"activity_id", "lead_id", "occurred_at", "type", "owner"}};
static const char *const canon_files[3] = {"leads.csv", "opportunities.csv",
                                           "activities.csv"};

static const struct vcol hs_leads[] = {
    {"Record ID", L_ID, X_ID, 0}, {"First Name", -1, X_CONST, "Pat"},
    {"Last Name", -1, X_CONST, "Lee"}, {"Email", L_EMAIL, X_TEXT, 0},
    {"Phone Number", L_PHONE, X_TEXT, 0},
    {"Company Name", L_COMPANY, X_TEXT, 0}, {"Job Title", L_TITLE, X_TEXT, 0},
    {"Industry", L_INDUSTRY, X_TEXT, 0},
    {"Country/Region", L_COUNTRY, X_TEXT, 0},
    {"State/Region", L_REGION, X_TEXT, 0},
    {"Number of Employees", L_EMP, X_INT, 0},
    {"Annual Revenue", L_REV, X_MONEY, 0}, {"Create Date", L_CREATED, X_TIME, 0},
    {"Contact owner", L_OWNER, X_TEXT, 0}, {"HubSpot Team", L_TEAM, X_TEXT, 0},
    {"Lifecycle Stage", -1, X_CONST, "Lead"},
    {"Lead Status", -1, X_CONST, "Open"},
    {"Owner assigned date", -1, X_CONST, ""},
    {"First Conversion Date", L_CAPTURED, X_TIME, 0},
    {"Original Traffic Source", L_SOURCE, X_TEXT, 0},
    {"Original Traffic Source Drill-Down 1", L_CAMPAIGN, X_TEXT, 0},
    {"ICP Fit", L_ICP, X_BOOL, 0},
    {"Date entered \"Marketing Qualified Lead (Lifecycle Stage Pipeline)\"",
     L_MQL, X_TIME, 0},
    {"Date entered \"Sales Qualified Lead (Lifecycle Stage Pipeline)\"", L_SQL,
     X_TIME, 0},
    {"Latest Disqualified Lead Date", L_DQ, X_TIME, 0},
    {"Disqualification Reason", L_DREASON, X_TEXT, 0},
    {"Associated Deal", -1, X_CONST, ""},
    {"Associated Deal IDs", L_OPP, X_ID, 0},
    {"Associated Company IDs", -1, X_CONST, ""}, {0, 0, 0, 0}};
static const struct vcol hs_deals[] = {
    {"Record ID", O_ID, X_ID, 0}, {"Deal Name", O_ACCOUNT, X_TEXT, 0},
    {"Deal Stage", O_STAGE, X_TEXT, 0}, {"Pipeline", -1, X_CONST, "Sales Pipeline"},
    {"Amount", O_AMOUNT, X_MONEY, 0}, {"Close Date", O_CLOSED, X_TIME, 0},
    {"Create Date", O_CREATED, X_TIME, 0}, {"Deal owner", O_OWNER, X_TEXT, 0},
    {"HubSpot Team", O_TEAM, X_TEXT, 0}, {"Deal Type", O_SEGMENT, X_TEXT, 0},
    {"Is Closed Won", O_STAGE, X_WON, 0}, {"Is closed lost", O_STAGE, X_LOST, 0},
    {"Original Traffic Source", O_SOURCE, X_TEXT, 0},
    {"Associated Company", O_ACCOUNT, X_TEXT, 0},
    {"Associated Contact IDs", O_LEAD, X_ID, 0}, {0, 0, 0, 0}};
static const struct vcol hs_acts[] = {
    {"Record ID", A_ID, X_ID, 0}, {"Activity date", A_WHEN, X_TIME, 0},
    {"Activity assigned to", A_OWNER, X_TEXT, 0},
    {"Activity type", A_TYPE, X_TEXT, 0},
    {"Create Date", A_WHEN, X_TIME, 0},
    {"Associated Contact IDs", A_LEAD, X_ID, 0},
    {"Associated Deal IDs", -1, X_CONST, ""}, {0, 0, 0, 0}};

static const struct vcol sfr_leads[] = {
    {"Lead ID", L_ID, X_ID, 0}, {"Lead Owner", L_OWNER, X_TEXT, 0},
    {"First Name", -1, X_CONST, "Pat"}, {"Last Name", -1, X_CONST, "Lee"},
    {"Title", L_TITLE, X_TEXT, 0}, {"Company / Account", L_COMPANY, X_TEXT, 0},
    {"Industry", L_INDUSTRY, X_TEXT, 0}, {"Phone", L_PHONE, X_TEXT, 0},
    {"Email", L_EMAIL, X_TEXT, 0}, {"Country", L_COUNTRY, X_TEXT, 0},
    {"State/Province", L_REGION, X_TEXT, 0},
    {"No. of Employees", L_EMP, X_INT, 0},
    {"Annual Revenue", L_REV, X_MONEY, 0},
    {"Lead Source", L_SOURCE, X_TEXT, 0},
    {"Primary Campaign Source", L_CAMPAIGN, X_TEXT, 0},
    {"Lead Status", -1, X_CONST, "Working - Contacted"},
    {"Owner Role", L_TEAM, X_TEXT, 0}, {"ICP Fit", L_ICP, X_BOOL, 0},
    {"Create Date", L_CREATED, X_TIME, 0},
    {"Form Submitted Date", L_CAPTURED, X_TIME, 0},
    {"MQL Date", L_MQL, X_TIME, 0}, {"SAL Date", L_SAL, X_TIME, 0},
    {"SQL Date", L_SQL, X_TIME, 0}, {"Converted", -1, X_CONST, "0"},
    {"Converted Opportunity ID", L_OPP, X_ID, 0},
    {"Recycled Date", L_REC, X_TIME, 0},
    {"Recycle Reason", L_RREASON, X_TEXT, 0},
    {"Disqualified Date", L_DQ, X_TIME, 0},
    {"Disqualified Reason", L_DREASON, X_TEXT, 0}, {0, 0, 0, 0}};
static const struct vcol sfr_opps[] = {
    {"Opportunity ID", O_ID, X_ID, 0},
    {"Opportunity Name", O_ACCOUNT, X_TEXT, 0},
    {"Account Name", O_ACCOUNT, X_TEXT, 0}, {"Stage", O_STAGE, X_TEXT, 0},
    {"Amount Currency", -1, X_CONST, "USD"}, {"Amount", O_AMOUNT, X_MONEY, 0},
    {"Probability (%)", -1, X_CONST, "50"}, {"Close Date", O_CLOSED, X_DATE, 0},
    {"Created Date", O_CREATED, X_TIME, 0},
    {"Opportunity Owner", O_OWNER, X_TEXT, 0},
    {"Owner Role", O_TEAM, X_TEXT, 0}, {"Type", O_SEGMENT, X_TEXT, 0},
    {"Lead Source", O_SOURCE, X_TEXT, 0}, {"Lead ID", O_LEAD, X_ID, 0},
    {"Won", O_STAGE, X_WON, 0}, {"Closed", O_STAGE, X_STATUS, 0},
    {"Fiscal Period", -1, X_CONST, "Q3-2026"}, {0, 0, 0, 0}};
static const struct vcol sfr_acts[] = {
    {"Activity ID", A_ID, X_ID, 0}, {"Subject", -1, X_CONST, "Follow up"},
    {"Assigned", A_OWNER, X_TEXT, 0}, {"Lead ID", A_LEAD, X_ID, 0},
    {"Date", A_WHEN, X_DATE, 0}, {"Completed Date/Time", A_WHEN, X_TIME, 0},
    {"Activity Subtype", A_TYPE, X_TEXT, 0},
    {"Call Result", -1, X_CONST, ""}, {"Status", -1, X_CONST, "Completed"},
    {"Priority", -1, X_CONST, "Normal"}, {0, 0, 0, 0}};

static const struct vcol sfa_leads[] = {
    {"ID", L_ID, X_ID, 0}, {"ISDELETED", -1, X_CONST, "false"},
    {"LASTNAME", -1, X_CONST, "Lee"}, {"COMPANY", L_COMPANY, X_TEXT, 0},
    {"TITLE", L_TITLE, X_TEXT, 0}, {"INDUSTRY", L_INDUSTRY, X_TEXT, 0},
    {"PHONE", L_PHONE, X_TEXT, 0}, {"EMAIL", L_EMAIL, X_TEXT, 0},
    {"COUNTRY", L_COUNTRY, X_TEXT, 0}, {"STATE", L_REGION, X_TEXT, 0},
    {"NUMBEROFEMPLOYEES", L_EMP, X_INT, 0},
    {"ANNUALREVENUE", L_REV, X_MONEY, 0}, {"STATUS", -1, X_CONST, "Open"},
    {"LEADSOURCE", L_SOURCE, X_TEXT, 0}, {"OWNERID", L_OWNER, X_TEXT, 0},
    {"SALES_TEAM__C", L_TEAM, X_TEXT, 0}, {"ICP_FIT__C", L_ICP, X_BOOL, 0},
    {"ISCONVERTED", -1, X_CONST, "false"},
    {"CONVERTEDDATE", -1, X_CONST, ""},
    {"CONVERTEDOPPORTUNITYID", L_OPP, X_ID, 0},
    {"CREATEDDATE", L_CREATED, X_TIME, 0}, {"MQL_DATE__C", L_MQL, X_TIME, 0},
    {"SAL_DATE__C", L_SAL, X_TIME, 0}, {"SQL_DATE__C", L_SQL, X_TIME, 0},
    {"RECYCLED_DATE__C", L_REC, X_TIME, 0},
    {"RECYCLE_REASON__C", L_RREASON, X_TEXT, 0},
    {"DISQUALIFIED_DATE__C", L_DQ, X_TIME, 0},
    {"DISQUALIFIED_REASON__C", L_DREASON, X_TEXT, 0}, {0, 0, 0, 0}};
static const struct vcol sfa_opps[] = {
    {"Id", O_ID, X_ID, 0}, {"IsDeleted", -1, X_CONST, "false"},
    {"AccountId", O_ACCOUNT, X_TEXT, 0}, {"Name", O_ACCOUNT, X_TEXT, 0},
    {"StageName", O_STAGE, X_TEXT, 0}, {"Amount", O_AMOUNT, X_MONEY, 0},
    {"CurrencyIsoCode", -1, X_CONST, "USD"},
    {"Probability", -1, X_CONST, "50"}, {"CloseDate", O_CLOSED, X_DATE, 0},
    {"Type", O_SEGMENT, X_TEXT, 0}, {"LeadSource", O_SOURCE, X_TEXT, 0},
    {"IsClosed", O_STAGE, X_STATUS, 0}, {"IsWon", O_STAGE, X_WON, 0},
    {"OwnerId", O_OWNER, X_TEXT, 0}, {"Sales_Team__c", O_TEAM, X_TEXT, 0},
    {"CreatedDate", O_CREATED, X_TIME, 0}, {0, 0, 0, 0}};
static const struct vcol sfa_acts[] = {
    {"Id", A_ID, X_ID, 0}, {"WhoId", A_LEAD, X_ID, 0},
    {"WhatId", -1, X_CONST, ""}, {"Subject", -1, X_CONST, "Call"},
    {"ActivityDate", A_WHEN, X_DATE, 0}, {"Status", -1, X_CONST, "Completed"},
    {"Priority", -1, X_CONST, "Normal"}, {"OwnerId", A_OWNER, X_TEXT, 0},
    {"TaskSubtype", A_TYPE, X_TEXT, 0}, {"Type", A_TYPE, X_TEXT, 0},
    {"CompletedDateTime", A_WHEN, X_TIME, 0},
    {"CreatedDate", A_WHEN, X_TIME, 0}, {"IsDeleted", -1, X_CONST, "false"},
    {0, 0, 0, 0}};

static const struct vcol fx_leads[] = {
    {"线索编号", L_ID, X_ID, 0}, {"姓名", -1, X_CONST, "王先生"},
    {"公司", L_COMPANY, X_TEXT, 0}, {"职务", L_TITLE, X_TEXT, 0},
    {"手机", L_PHONE, X_TEXT, 0}, {"邮件", L_EMAIL, X_TEXT, 0},
    {"行业", L_INDUSTRY, X_TEXT, 0}, {"国家", L_COUNTRY, X_TEXT, 0},
    {"省份", L_REGION, X_TEXT, 0}, {"员工人数", L_EMP, X_INT, 0},
    {"年营业额", L_REV, X_MONEY, 0}, {"来源", L_SOURCE, X_TEXT, 0},
    {"市场活动", L_CAMPAIGN, X_TEXT, 0}, {"负责人", L_OWNER, X_TEXT, 0},
    {"归属部门", L_TEAM, X_TEXT, 0}, {"线索池", -1, X_CONST, "公海"},
    {"线索阶段", -1, X_CONST, "跟进中"}, {"创建时间", L_CREATED, X_TIME, 0},
    {"转MQL时间", L_MQL, X_TIME, 0}, {"领取时间", L_SAL, X_TIME, 0},
    {"转SQL时间", L_SQL, X_TIME, 0}, {"转换商机", L_OPP, X_ID, 0},
    {"退回时间", L_REC, X_TIME, 0}, {"退回原因", L_RREASON, X_TEXT, 0},
    {"无效时间", L_DQ, X_TIME, 0}, {"线索无效原因", L_DREASON, X_TEXT, 0},
    {"最后跟进时间", -1, X_CONST, ""}, {0, 0, 0, 0}};
static const struct vcol fx_opps[] = {
    {"商机编号", O_ID, X_ID, 0}, {"商机名称", O_ACCOUNT, X_TEXT, 0},
    {"客户名称", O_ACCOUNT, X_TEXT, 0}, {"商机金额", O_AMOUNT, X_MONEY, 0},
    {"销售阶段", O_STAGE, X_TEXT, 0}, {"商机状态", O_STAGE, X_STATUS, 0},
    {"预计结单日期", O_CLOSED, X_DATE, 0}, {"赢率", -1, X_CONST, "50%"},
    {"负责人", O_OWNER, X_TEXT, 0}, {"归属部门", O_TEAM, X_TEXT, 0},
    {"商机来源", O_SOURCE, X_TEXT, 0}, {"创建时间", O_CREATED, X_TIME, 0},
    {"源线索", O_LEAD, X_ID, 0}, {0, 0, 0, 0}};
static const struct vcol fx_acts[] = {
    {"记录编号", A_ID, X_ID, 0}, {"跟进时间", A_WHEN, X_TIME, 0},
    {"跟进方式", A_TYPE, X_TEXT, 0}, {"跟进内容", -1, X_CONST, "电话沟通需求"},
    {"关联线索", A_LEAD, X_ID, 0}, {"负责人", A_OWNER, X_TEXT, 0},
    {"创建时间", A_WHEN, X_TIME, 0}, {0, 0, 0, 0}};

static const struct vcol jdy_leads[] = {
    {"线索编号", L_ID, X_ID, 0}, {"联系人", -1, X_CONST, "王先生"},
    {"部门", -1, X_CONST, "采购部"}, {"职务", L_TITLE, X_TEXT, 0},
    {"手机号", L_PHONE, X_TEXT, 0}, {"客户名称", L_COMPANY, X_TEXT, 0},
    {"线索来源", L_SOURCE, X_TEXT, 0}, {"线索详情", -1, X_CONST, ""},
    {"负责人", L_OWNER, X_TEXT, 0}, {"归属部门", L_TEAM, X_TEXT, 0},
    {"协作人", -1, X_CONST, ""}, {"线索池", -1, X_CONST, "默认线索池"},
    {"线索状态", -1, X_CONST, "跟进中"}, {"MQL时间", L_MQL, X_TIME, 0},
    {"领取时间", L_SAL, X_TIME, 0}, {"线索转换时间", L_SQL, X_TIME, 0},
    {"关联商机", L_OPP, X_ID, 0}, {"线索退回时间", L_REC, X_TIME, 0},
    {"线索退回原因", L_RREASON, X_TEXT, 0}, {"最后跟进时间", -1, X_CONST, ""},
    {"提交人", L_OWNER, X_TEXT, 0}, {"提交时间", L_CREATED, X_TIME, 0},
    {0, 0, 0, 0}};
static const struct vcol jdy_opps[] = {
    {"商机编号", O_ID, X_ID, 0}, {"商机名称", O_ACCOUNT, X_TEXT, 0},
    {"客户名称", O_ACCOUNT, X_TEXT, 0}, {"商机金额", O_AMOUNT, X_MONEY, 0},
    {"商机阶段", O_STAGE, X_TEXT, 0}, {"赢单/输单", O_STAGE, X_STATUS, 0},
    {"预计成交日期", O_CLOSED, X_DATE, 0}, {"结单日期", O_CLOSED, X_DATE, 0},
    {"负责人", O_OWNER, X_TEXT, 0}, {"归属部门", O_TEAM, X_TEXT, 0},
    {"关联线索", O_LEAD, X_ID, 0}, {"线索来源", O_SOURCE, X_TEXT, 0},
    {"提交时间", O_CREATED, X_TIME, 0}, {0, 0, 0, 0}};
static const struct vcol jdy_acts[] = {
    {"跟进编号", A_ID, X_ID, 0}, {"跟进时间", A_WHEN, X_TIME, 0},
    {"跟进方式", A_TYPE, X_TEXT, 0}, {"跟进内容", -1, X_CONST, "电话沟通"},
    {"关联线索", A_LEAD, X_ID, 0}, {"跟进人", A_OWNER, X_TEXT, 0},
    {"提交时间", A_WHEN, X_TIME, 0}, {0, 0, 0, 0}};

static const struct shape shapes[] = {
    {"hubspot",
     {"hubspot-crm-exports-all-contacts-2026-11-01.csv",
      "hubspot-crm-exports-all-deals-2026-11-01.csv",
      "hubspot-crm-exports-all-activities-2026-11-01.csv"},
     {hs_leads, hs_deals, hs_acts}, 1, 0, 0, "true", "false",
     {"", "", ""}},
    {"salesforce-report",
     {"report1730000000001.csv", "report1730000000002.csv",
      "report1730000000003.csv"},
     {sfr_leads, sfr_opps, sfr_acts}, 1, 0, 1, "1", "0", {"0", "1", "1"}},
    {"salesforce-api",
     {"Lead.csv", "Opportunity.csv", "Task.csv"},
     {sfa_leads, sfa_opps, sfa_acts}, 1, 0, 0, "true", "false",
     {"false", "true", "true"}},
    {"fxiaoke",
     {"销售线索.csv", "商机2.0.csv", "销售记录.csv"},
     {fx_leads, fx_opps, fx_acts}, 0, 1, 0, "是", "否",
     {"进行中", "赢单", "输单"}},
    {"jiandaoyun",
     {"线索.csv", "商机.csv", "跟进记录.csv"},
     {jdy_leads, jdy_opps, jdy_acts}, 0, 0, 0, "是", "否",
     {"跟进中", "赢单", "输单"}},
};

static const struct shape *shape;   /* NULL: the canonical files */
static int twin;                    /* --twin: canonical, shape's columns */

/* Does the shape carry canonical column @c of file @f? */
static int carries(int f, int c)
{
    for (const struct vcol *v = shape->cols[f]; v->header; v++)
        if (v->canon == c && v->xf != X_CONST)
            return 1;
    /* the twin states the outcome the vendor's flags or status give */
    return f == 1 && c == O_OUTCOME;
}


#define T0 1735689600LL   /* 2025-01-01 00:00:00 UTC */
#define SPAN_DAYS 669     /* to 2026-10-31 */
#define HOUR 3600LL
#define DAY 86400LL

static int minutes;

static void ts(char *buf, long long t)
{
    time_t tt = (time_t)(minutes ? t - t % 60 : t);
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, 32, "%Y-%m-%d %H:%M:%S", &tm);
}

/* Push a time into working hours (Mon-Fri 09-18 UTC) the way people
 * actually work, with a little spill-over. */
static long long work_time(long long t)
{
    for (int i = 0; i < 14; i++) {
        time_t tt = (time_t)t;
        struct tm tm;
        gmtime_r(&tt, &tm);
        if (tm.tm_wday >= 1 && tm.tm_wday <= 5 && tm.tm_hour >= 9 &&
            tm.tm_hour < 18)
            return t;
        if (chance(0.04))
            return t;   /* someone works late */
        long long day0 = t - t % DAY;
        t = (tm.tm_hour < 9 && tm.tm_wday >= 1 && tm.tm_wday <= 5)
                ? day0 + 9 * HOUR + pick(3600)
                : day0 + DAY + 9 * HOUR + pick(7200);
    }
    return t;
}


/* Canonical "YYYY-MM-DD HH:MM:SS" as the shape writes it. */
static void fmt_time(char *out, size_t n, const char *v, int date_only)
{
    int Y, M, D, h, m, sec;
    const char *sh = shape->name;

    if (sscanf(v, "%d-%d-%d %d:%d:%d", &Y, &M, &D, &h, &m, &sec) != 6) {
        snprintf(out, n, "%s", v);
        return;
    }
    if (strcmp(sh, "salesforce-report") == 0) {
        if (date_only)
            snprintf(out, n, "%d/%d/%04d", M, D, Y);
        else
            snprintf(out, n, "%d/%d/%04d %d:%02d %s", M, D, Y,
                     h % 12 ? h % 12 : 12, m, h < 12 ? "AM" : "PM");
    } else if (strcmp(sh, "salesforce-api") == 0) {
        if (date_only)
            snprintf(out, n, "%04d-%02d-%02d", Y, M, D);
        else
            snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d.000+0000", Y, M,
                     D, h, m, sec);
    } else if (strcmp(sh, "jiandaoyun") == 0) {
        if (date_only)
            snprintf(out, n, "%04d.%02d.%02d", Y, M, D);
        else
            snprintf(out, n, "%04d年%d月%d日 %02d:%02d", Y, M, D, h, m);
    } else if (date_only) {
        snprintf(out, n, "%04d-%02d-%02d", Y, M, D);
    } else {
        snprintf(out, n, "%04d-%02d-%02d %02d:%02d", Y, M, D, h, m);
    }
}

/* 0 open, 1 won, 2 lost, from the generator's stage names */
static int outcome_of(const char *stage)
{
    return strcmp(stage, "Closed Won") == 0    ? 1
           : strcmp(stage, "Closed Lost") == 0 ? 2
                                               : 0;
}

/* One vendor cell from the canonical values @v. */
static void vendor_cell(char *out, size_t n, const struct vcol *c,
                        const char *const *v)
{
    const char *x = c->canon >= 0 ? v[c->canon] : "";
    char *w;

    switch (c->xf) {
    case X_CONST:
        snprintf(out, n, "%s", c->fixed);
        return;
    case X_TEXT:
        snprintf(out, n, "%s", x);
        return;
    case X_TIME:
    case X_DATE:
        fmt_time(out, n, x, c->xf == X_DATE);
        return;
    case X_MONEY:
    case X_INT:
        /* plain digits: no symbol, no thousands */
        w = out;
        for (; *x && (size_t)(w - out) + 1 < n; x++)
            if ((*x >= '0' && *x <= '9') || *x == '.' || *x == '-')
                *w++ = *x;
        *w = '\0';
        if (c->xf == X_MONEY && *out && strcmp(shape->name, "hubspot") == 0) {
            /* HubSpot writes 468.0 */
            size_t k = strlen(out);
            while (k > 2 && out[k - 1] == '0' && out[k - 2] != '.')
                out[--k] = '\0';
        }
        return;
    case X_BOOL:
        snprintf(out, n, "%s",
                 !*x ? ""
                 : (strcmp(x, "yes") == 0 || strcmp(x, "是") == 0) ? shape->yes
                                                                   : shape->no);
        return;
    case X_ID: {
        const char *digits = x + 1;
        if (!*x) {
            out[0] = '\0';
        } else if (strcmp(shape->name, "hubspot") == 0) {
            snprintf(out, n, "%s%s", x[0] == 'L' ? "51" : x[0] == 'O' ? "72"
                                                                      : "93",
                     digits);
        } else if (strncmp(shape->name, "salesforce", 10) == 0) {
            snprintf(out, n, "%s5g%010ldAAB",
                     x[0] == 'L' ? "00Q" : x[0] == 'O' ? "006" : "00T",
                     strtol(digits, NULL, 10));
        } else {
            snprintf(out, n, "%s%s", x[0] == 'L' ? "XS" : x[0] == 'O' ? "SJ"
                                                                      : "GJ",
                     digits);
        }
        return;
    }
    case X_WON:
    case X_LOST:
        snprintf(out, n, "%s",
                 outcome_of(x) == (c->xf == X_WON ? 1 : 2) ? shape->yes
                                                           : shape->no);
        return;
    case X_STATUS:
        snprintf(out, n, "%s", shape->status[outcome_of(x)]);
        return;
    }
}

static void quoted(FILE *f, const char *s, int last)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
    fputc(last ? '\n' : ',', f);
}

static void field(FILE *f, const char *s, int last);

/* The header of file @fi (0 leads, 1 opportunities, 2 activities). */
static void emit_header(FILE *f, int fi)
{
    if (shape && !twin) {
        for (const struct vcol *c = shape->cols[fi]; c->header; c++)
            (shape->quote_all ? quoted : field)(f, c->header, !c[1].header);
        return;
    }
    int last = -1;
    for (int c = 0; c < n_canon[fi]; c++)
        if (!shape || carries(fi, c))
            last = c;
    for (int c = 0; c < n_canon[fi]; c++)
        if (!shape || carries(fi, c))
            field(f, canon_names[fi][c], c == last);
}

static long emitted[3];

/* One record of file @fi from its canonical values @v. */
static void emit(FILE *f, int fi, const char *const *v)
{
    emitted[fi]++;
    if (shape && !twin) {
        char cell[512];
        for (const struct vcol *c = shape->cols[fi]; c->header; c++) {
            vendor_cell(cell, sizeof(cell), c, v);
            (shape->quote_all ? quoted : field)(f, cell, !c[1].header);
        }
        return;
    }
    int last = -1;
    for (int c = 0; c < n_canon[fi]; c++)
        if (!shape || carries(fi, c))
            last = c;
    for (int c = 0; c < n_canon[fi]; c++) {
        if (shape && !carries(fi, c))
            continue;
        const char *x = v[c];
        if (shape && fi == 1 && c == O_OUTCOME)
            x = (const char *[]){"open", "won", "lost"}[outcome_of(v[O_STAGE])];
        field(f, x, c == last);
    }
}

/* Files are written to memory, then out: GB18030 for a shape that Excel
 * saved on Chinese Windows. */
struct out {
    char path[1024];
    char *buf;
    size_t len;
    FILE *f;
};

static FILE *out_open(struct out *o, const char *dir, const char *name)
{
    snprintf(o->path, sizeof(o->path), "%s/%s", dir, name);
    o->f = open_memstream(&o->buf, &o->len);
    return o->f;
}

static int out_close(struct out *o, int fi)
{
    if (shape && !twin && shape->footer && fi >= 0)
        fprintf(o->f, "\n\"Grand Total (%ld records)\"\n\n"
                      "\"Confidential Information - Do Not Distribute\"\n"
                      "\"Copyright (c) 2000-2026 salesforce.com, inc. All "
                      "rights reserved.\"\n",
                emitted[fi]);
    fclose(o->f);
    FILE *f = fopen(o->path, "wb");
    if (!f)
        return -1;
    if (shape && !twin && shape->gb18030 && fi >= 0) {
        iconv_t cd = iconv_open("GB18030", "UTF-8");
        size_t cap = o->len * 2 + 16, left = cap, in = o->len;
        char *conv = malloc(cap), *src = o->buf, *dst = conv;
        if (cd == (iconv_t)-1 || !conv ||
            iconv(cd, &src, &in, &dst, &left) == (size_t)-1)
            return -1;
        iconv_close(cd);
        fwrite(conv, 1, cap - left, f);
        free(conv);
    } else {
        fwrite(o->buf, 1, o->len, f);
    }
    free(o->buf);
    return fclose(f);
}

/* CSV-quote a field if it needs it. */
static void field(FILE *f, const char *s, int last)
{
    if (strpbrk(s, ",\"\n")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    fputc(last ? '\n' : ',', f);
}

static void money(char *buf, long long cents, const char *sym)
{
    long long whole = cents / 100;
    char digits[32], grouped[48];
    int n = snprintf(digits, sizeof(digits), "%lld", whole), k = 0;
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            grouped[k++] = ',';
        grouped[k++] = digits[i];
    }
    grouped[k] = '\0';
    sprintf(buf, "%s%s.%02lld", sym, grouped, cents % 100);
}

int main(int argc, char **argv)
{
    long leads = 6000;
    const char *out = "sample-data";
    uint64_t seed = 42;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--twin") == 0) {
            twin = 1;
            continue;
        }
        if (i + 1 >= argc)
            break;
        if (strcmp(argv[i], "--leads") == 0)
            leads = atol(argv[++i]);
        else if (strcmp(argv[i], "--out") == 0)
            out = argv[++i];
        else if (strcmp(argv[i], "--seed") == 0)
            seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--shape") == 0) {
            const char *name = argv[++i];
            for (size_t k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++)
                if (strcmp(shapes[k].name, name) == 0)
                    shape = &shapes[k];
            if (!shape && strcmp(name, "canonical") != 0) {
                fprintf(stderr, "gen: unknown --shape '%s'\n", name);
                return 64;
            }
        }
    }
    minutes = shape != NULL;
    if (twin && !shape) {
        fprintf(stderr, "gen: --twin needs --shape\n");
        return 64;
    }
    if (leads < 100) {
        fprintf(stderr, "gen: --leads must be at least 100\n");
        return 64;
    }
    rng_state = seed;

    int vendor = shape && !twin;
    struct out ol, oo, oa, os;
    FILE *fl = out_open(&ol, out, vendor ? shape->files[0] : canon_files[0]);
    FILE *fo = out_open(&oo, out, vendor ? shape->files[1] : canon_files[1]);
    FILE *fa = out_open(&oa, out, vendor ? shape->files[2] : canon_files[2]);
    FILE *fs = out_open(&os, out, "spend.csv");
    if (!fl || !fo || !fa || !fs) {
        fprintf(stderr, "gen: out of memory\n");
        return 70;
    }
    emit_header(fl, 0);
    emit_header(fo, 1);
    emit_header(fa, 2);
    fputs("month,source,amount\n", fs);

    double wsum = 0, tsum = 0;
    for (size_t i = 0; i < N_SOURCES; i++)
        wsum += sources[i].weight;
    for (size_t i = 0; i < N_TEAMS; i++)
        tsum += teams[i].weight;

    long opp_no = 0, act_no = 0;
    for (long n = 1; n <= leads; n++) {
        char id[32], created[32], captured[32] = "", mql[32] = "", sal[32] = "",
             sqlt[32] = "", oppid[32] = "", recyc[32] = "", dq[32] = "";
        char company[128], phone[32] = "", email[96], emp[32] = "", rev[48] = "";
        const char *icp = "", *campaign, *title, *rreason = "", *dreason = "";
        double r;
        size_t si = 0, ti = 0;

        r = unif() * wsum;
        while (si + 1 < N_SOURCES && r >= sources[si].weight)
            r -= sources[si++].weight;
        r = unif() * tsum;
        while (ti + 1 < N_TEAMS && r >= teams[ti].weight)
            r -= teams[ti++].weight;
        const struct source *s = &sources[si];
        const struct team *tm = &teams[ti];
        int cn = ti == 3;

        /* growth over time: later months have more leads */
        double u = unif();
        long long t_created = T0 + (long long)(sqrt(u * 0.6 + 0.4 * u * u) /
                                               1.0 * SPAN_DAYS * DAY) +
                              pick(86400);
        t_created = work_time(t_created - pick(4 * 3600));
        long long t_captured = t_created - (long long)(expo(chance(0.8) ? 1.5 : 9) * HOUR);

        snprintf(id, sizeof(id), "L%07ld", n);
        ts(created, t_created);
        if (!chance(0.07))
            ts(captured, t_captured);
        campaign = chance(0.03) ? "" : s->campaigns[pick(3)];
        if (cn) {
            snprintf(company, sizeof(company), "%s%s%s", co_cn_a[pick(6)],
                     co_cn_b[pick(8)],
                     chance(0.5) ? "科技有限公司" : "智能制造有限公司");
            title = titles_cn[pick(7)];
        } else {
            snprintf(company, sizeof(company), "%s %s", co_a[pick(16)],
                     co_b[pick(12)]);
            title = titles[pick(12)];
        }
        if (!chance(0.05))
            snprintf(phone, sizeof(phone), cn ? "+86 21 %04d %04d" : "+1 555 %03d %04d",
                     pick(cn ? 10000 : 1000), pick(10000));
        snprintf(email, sizeof(email), "contact%ld@example.com", n);
        int employees = (int)(expo(400)) + 5;
        if (!chance(0.1))
            snprintf(emp, sizeof(emp), employees >= 1000 ? "%d,%03d" : "%d",
                     employees >= 1000 ? employees / 1000 : employees,
                     employees % 1000);
        if (chance(0.6))
            money(rev, (long long)(employees * 120000.0 * (0.5 + unif())) * 100,
                  "$");
        if (chance(0.15))
            icp = chance(0.7) ? (cn ? "是" : "yes") : (cn ? "否" : "no");
        const char *owner = tm->owners[pick(4)];

        /* funnel */
        long long t = t_created, t_mql = 0, t_sal = 0, t_sql = 0, t_dq = 0,
                  t_rec = 0;
        int good_fit = employees >= 50 && strcmp(title, "Student") &&
                       strcmp(title, "Intern") && strcmp(title, "实习生");
        double q = good_fit ? 1.15 : 0.55;
        int stage = 0;
        if (chance(s->mql * q)) {
            t_mql = t = t + (long long)(expo(20) * HOUR);
            stage = 1;
            if (chance(s->sal)) {
                t_sal = t = work_time(t + (long long)(expo(30) * HOUR));
                stage = 2;
                if (chance(s->sql * q)) {
                    t_sql = t = work_time(t + (long long)(expo(6) * DAY));
                    stage = 3;
                } else if (chance(0.5)) {
                    t_dq = work_time(t + (long long)(expo(12) * DAY));
                    dreason = dq_reasons[pick(6)];
                } else if (chance(0.9)) {
                    t_rec = work_time(t_mql + (long long)(expo(30) * HOUR));
                    rreason = chance(0.85) ? recycle_reasons[pick(4)] : "";
                }
            } else if (chance(0.85)) {
                t_rec = work_time(t_mql + (long long)(expo(40) * HOUR));
                rreason = chance(0.85) ? recycle_reasons[pick(4)] : "";
            }
        }
        if (t_mql)
            ts(mql, t_mql);
        if (t_sal)
            ts(sal, t_sal);
        if (t_sql)
            ts(sqlt, t_sql);
        if (t_rec)
            ts(recyc, t_rec);
        if (t_dq)
            ts(dq, t_dq);

        /* sales touches on MQLs */
        if (t_mql) {
            double mean = tm->first_touch_mean_h * (chance(0.15) ? 4 : 1);
            long long ta = work_time(t_mql + (long long)(expo(mean) * HOUR));
            int attempts = 1 + (int)expo(tm->attempts_mean - 1);
            if (chance(0.05))
                attempts = 0;   /* never touched */
            long long end = t_dq ? t_dq : (t_sql ? t_sql + 20 * DAY : ta + 30 * DAY);
            static const char *types[] = {"call", "email", "call", "meeting"};
            static const char *types_cn[] = {"call", "wechat", "call", "meeting"};
            for (int k = 0; k < attempts && ta <= end; k++) {
                char when[32];
                ts(when, ta);
                char aid[32];
                snprintf(aid, sizeof(aid), "A%08ld", ++act_no);
                const char *av[A_N] = {aid, id, when,
                                       cn ? types_cn[pick(4)] : types[pick(4)],
                                       owner};
                emit(fa, 2, av);
                ta = work_time(ta + (long long)(expo(22) * HOUR) + HOUR);
            }
        }

        /* opportunity */
        if (stage == 3 && chance(s->opp)) {
            long long t_opp = work_time(t_sql + (long long)(expo(5) * DAY));
            char oid[32], octime[32], closed[32] = "", amount[48] = "";
            const char *ostage, *outcome = "", *seg = segments[pick(3)];
            long long deal = (long long)(s->deal * (0.4 + expo(0.6)) *
                                         (seg[0] == 'E' ? 2.2 : seg[0] == 'S' ? 0.5 : 1)) * 100;
            long long cycle = (long long)((20 + expo(55)) * DAY);
            snprintf(oid, sizeof(oid), "O%06ld", ++opp_no);
            ts(octime, t_opp);
            if (t_opp + cycle < T0 + (SPAN_DAYS + 21) * DAY) {
                int won = chance(s->win * (good_fit ? 1.1 : 0.6) *
                                 (cn ? 1.1 : 1));
                ts(closed, work_time(t_opp + cycle));
                if (minutes)    /* vendors keep a close date, not a time */
                    memcpy(closed + 11, "00:00:00", 8);
                ostage = won ? "Closed Won" : "Closed Lost";
                if (chance(0.5))
                    outcome = won ? "won" : "lost";
            } else {
                ostage = open_stages[pick(4)];
                if (chance(0.3))
                    outcome = "open";
            }
            money(amount, deal, "$");
            if (chance(0.03))
                amount[0] = '\0';
            /* link by opportunities.lead_id, or (Salesforce style) only by
             * leads.opportunity_id */
            int by_lead_side = chance(0.2);
            if (by_lead_side || chance(0.5))
                snprintf(oppid, sizeof(oppid), "%s", oid);
            const char *ov[O_N] = {oid, octime, by_lead_side ? "" : id,
                                   chance(0.1) ? "" : s->name, ostage, outcome,
                                   amount, closed, owner, tm->name, seg,
                                   company};
            emit(fo, 1, ov);
        }

        const char *industry = cn ? "Manufacturing" : industries[pick(8)];
        const char *country = tm->country[pick(3)];
        const char *lv[L_N] = {id, created, captured, s->name, campaign,
                               company, industry, title, phone, email,
                               country, tm->region, emp, rev, icp, owner,
                               tm->name, mql, sal, sqlt, oppid, recyc,
                               rreason, dq, dreason};
        emit(fl, 0, lv);
        if (shape)
            continue;   /* the deliberate defects are canonical only */

        /* deliberate defects, a few per file, at fixed positions */
        if (n == leads / 7)
            fprintf(fl, "L%07ld,,2025-03-01 09:00:00,Website,,Broken Export Ltd,"
                        ",,,,,,,,,,,,,,,,,,\n", leads + 1);
        if (n == leads / 5)
            fprintf(fl, "L%07ld,2025-13-01 10:00:00,,Webinar,,Bad Date GmbH,,,,"
                        ",,,,,,,,,,,,,,,\n", leads + 2);
        if (n == leads / 3)
            fprintf(fl, "%s,2025-06-02 10:00:00,,Referral,,Duplicate Co,,,,,,,"
                        ",,,,,,,,,,,,\n", id);
        if (n == leads / 2)
            fprintf(fl, "L%07ld,2025-07-01 10:00:00,,Content,,Vague Inc,,,,,,,"
                        "about 50,,,,,,,,,,,,\n", leads + 3);
        if (n == leads / 2 + 1)
            fprintf(fl, "L%07ld,2025-07-02 10:00:00,,Content,,Bad \xff\xfe Bytes,"
                        ",,,,,,,,,,,,,,,,,,\n", leads + 4);
        if (n == leads / 4)
            fprintf(fl, "L%07ld,2025-04-02 10:00:00,,Partner,,Maybe Fit,,,,,,,,"
                        ",maybe,,,,,,,,,,\n", leads + 5);
        if (n == leads / 6)   /* SAL before MQL: kept, counted */
            fprintf(fl, "L%07ld,2025-02-03 10:00:00,2025-02-03 09:00:00,Website,"
                        "Website - Demo Request,Order Mixup AG,Manufacturing,"
                        "Plant Manager,+49 30 1234,x@example.com,Germany,EMEA,"
                        "300,,,Emma Schulz,EMEA,2025-02-05 10:00:00,"
                        "2025-02-04 10:00:00,,,,,,\n", leads + 6);
    }
    /* opportunity and activity defects */
    if (!shape) {
    fprintf(fo, "O%06ld,2025-05-05 10:00:00,L%07ld,Website,Proposal,,\"12,34\","
                ",Alice Morgan,North America,SMB,Bad Amount Inc\n", ++opp_no, 1L);
    fprintf(fo, "O%06ld,2025-05-06 10:00:00,L%07ld,Website,Proposal,pending,"
                "$5000,,Alice Morgan,North America,SMB,Bad Outcome Inc\n",
            ++opp_no, 2L);
    fprintf(fo, "O%06ld,2025-05-07 10:00:00,L9999999,Partner,Closed Won,won,"
                "$8000,2025-06-30 12:00:00,Ben Carter,North America,SMB,"
                "Orphan Deal LLC\n", ++opp_no);
    fprintf(fo, "O%06ld,2025-05-08 10:00:00,L%07ld,Webinar,Closed Won,,"
                "$9000,,Ben Carter,North America,SMB,No Close Date Co\n",
            ++opp_no, 3L);
    /* activity defects */
    fprintf(fa, "A%08ld,L9999998,2025-06-01 10:00:00,call,Ben Carter\n", ++act_no);
    fprintf(fa, "A%08ld,L0000004,yesterday,call,Ben Carter\n", ++act_no);
    }

    /* spend: per month per source */
    for (int mo = 0; mo < 22; mo++) {
        int y = 2025 + mo / 12, m = mo % 12 + 1;
        for (size_t i = 0; i < N_SOURCES; i++) {
            double base = sources[i].cost_per_lead * sources[i].weight / wsum *
                          leads / 22.0 * (0.8 + 0.4 * unif());
            fprintf(fs, "%04d-%02d,%s,%.2f\n", y, m, sources[i].name,
                    round(base * 100) / 100);
        }
    }
    if (!shape)
        fprintf(fs, "2025-14,Website,100.00\n");

    if (out_close(&ol, 0) || out_close(&oo, 1) || out_close(&oa, 2) ||
        out_close(&os, -1)) {
        fprintf(stderr, "gen: cannot write into '%s'\n", out);
        return 73;
    }
    return 0;
}
