/* generate.c - deterministic sample CRM exports for revpack.
 *
 *   build/gen --leads 6000 --out sample-data [--seed 42]
 *
 * Writes leads.csv, opportunities.csv, activities.csv and spend.csv: leads
 * created from 2025-01-01 over 22 months, eight sources with their own
 * conversion, win rate and deal size, four teams (one Chinese), sales
 * touches, monthly spend, and - on purpose - a handful of bad rows and
 * anomalies of every kind revpack reports.  Same arguments, same bytes.
 */
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

#define T0 1735689600LL   /* 2025-01-01 00:00:00 UTC */
#define SPAN_DAYS 669     /* to 2026-10-31 */
#define HOUR 3600LL
#define DAY 86400LL

static void ts(char *buf, long long t)
{
    time_t tt = (time_t)t;
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
    char path[1024];

    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--leads") == 0)
            leads = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--out") == 0)
            out = argv[i + 1];
        else if (strcmp(argv[i], "--seed") == 0)
            seed = strtoull(argv[i + 1], NULL, 10);
    }
    if (leads < 100) {
        fprintf(stderr, "gen: --leads must be at least 100\n");
        return 64;
    }
    rng_state = seed;

    snprintf(path, sizeof(path), "%s/leads.csv", out);
    FILE *fl = fopen(path, "w");
    snprintf(path, sizeof(path), "%s/opportunities.csv", out);
    FILE *fo = fopen(path, "w");
    snprintf(path, sizeof(path), "%s/activities.csv", out);
    FILE *fa = fopen(path, "w");
    snprintf(path, sizeof(path), "%s/spend.csv", out);
    FILE *fs = fopen(path, "w");
    if (!fl || !fo || !fa || !fs) {
        fprintf(stderr, "gen: cannot write into '%s'\n", out);
        return 73;
    }
    static char bl[1 << 16], bo[1 << 16], ba[1 << 16];
    setvbuf(fl, bl, _IOFBF, sizeof(bl));
    setvbuf(fo, bo, _IOFBF, sizeof(bo));
    setvbuf(fa, ba, _IOFBF, sizeof(ba));

    fputs("lead_id,created_at,captured_at,source,campaign,company,industry,"
          "job_title,phone,email,country,region,employees,annual_revenue,"
          "icp_fit,owner,team,mql_at,sal_at,sql_at,opportunity_id,recycled_at,"
          "recycle_reason,disqualified_at,disqualify_reason\n", fl);
    fputs("opportunity_id,created_at,lead_id,source,stage,outcome,amount,"
          "closed_at,owner,team,segment,account\n", fo);
    fputs("activity_id,lead_id,occurred_at,type,owner\n", fa);
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
                fprintf(fa, "A%08ld,%s,%s,%s,%s\n", ++act_no, id, when,
                        cn ? types_cn[pick(4)] : types[pick(4)], owner);
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
            fprintf(fo, "%s,%s,%s,", oid, octime, by_lead_side ? "" : id);
            field(fo, chance(0.1) ? "" : s->name, 0);
            field(fo, ostage, 0);
            field(fo, outcome, 0);
            field(fo, amount, 0);
            field(fo, closed, 0);
            field(fo, owner, 0);
            field(fo, tm->name, 0);
            field(fo, seg, 0);
            field(fo, company, 1);
        }

        fprintf(fl, "%s,%s,%s,", id, created, captured);
        field(fl, s->name, 0);
        field(fl, campaign, 0);
        field(fl, company, 0);
        field(fl, cn ? "Manufacturing" : industries[pick(8)], 0);
        field(fl, title, 0);
        field(fl, phone, 0);
        field(fl, email, 0);
        field(fl, tm->country[pick(3)], 0);
        field(fl, tm->region, 0);
        field(fl, emp, 0);
        field(fl, rev, 0);
        field(fl, icp, 0);
        field(fl, owner, 0);
        field(fl, tm->name, 0);
        field(fl, mql, 0);
        field(fl, sal, 0);
        field(fl, sqlt, 0);
        field(fl, oppid, 0);
        field(fl, recyc, 0);
        field(fl, rreason, 0);
        field(fl, dq, 0);
        field(fl, dreason, 1);

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
    /* opportunity defects */
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
    fprintf(fs, "2025-14,Website,100.00\n");

    fclose(fl);
    fclose(fo);
    fclose(fa);
    fclose(fs);
    return 0;
}
