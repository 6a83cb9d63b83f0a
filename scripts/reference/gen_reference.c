/*
 * Reference values for the IwmDesk indicator tests, from implementations that share no code with ours.
 *
 *   - TA-Lib 0.6.0 (C sources as shipped in the npm package `talib` 1.1.6) for
 *     SMA, EMA, RSI, BBANDS, ATR, MACD: the values we store and compare against.
 *   - Tulip Indicators (the amalgamation shipped in the npm package `tulind` 0.8.20): a second
 *     opinion, printed only (its EMA/ATR/MACD seeding differs from TA-Lib by design).
 *   - Straightforward two-pass C written here (one window at a time, no running sums) for the
 *     statistics TA-Lib lacks or defines differently: realised volatility, return correlation,
 *     relative performance, percentile rank; and Bollinger %B and bandwidth, in long double, because
 *     TA-Lib's E[x^2]-mean^2 band width is not accurate enough for them (see bollinger_ratios).
 *     TA-Lib's CORREL/STDDEV/ROCP are printed as a cross-check.
 *
 * Usage: gen_reference SHARED_REAL_DIR OUT_DIR      (see generate.sh; CI never runs this)
 * Writes OUT_DIR/{synthetic_input,synthetic_talib,synthetic_stats,iwm_talib,iwm_spy_stats}.csv
 * (the real input itself is not written: the tests read it from ../shared).
 * Numbers are printed in the shortest form that reads back to the same double; an empty cell is NaN.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ta_libc.h"
#include "indicators.h"

/* TA-Lib's internal EMA with an explicit k, as TA_MACD calls it (ta_utility.h; not in the public header). */
TA_RetCode TA_INT_EMA(int startIdx, int endIdx, const double *inReal, int optInTimePeriod, double optInK_1,
                      int *outBegIdx, int *outNBElement, double *outReal);

#define MAXROWS 20000

/* ---------- output helpers ---------- */

static void put(FILE *f, double v)
{
    char buf[64];
    if (isnan(v)) return;
    for (int p = 15; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*g", p, v);
        if (strtod(buf, NULL) == v) break;
    }
    fputs(buf, f);
}

typedef struct { const char *name; double *v; } column;

static void write_csv(const char *path, const char *first_name, char (*dates)[16], int n, column *cols, int ncols)
{
    FILE *f = fopen(path, "w");
    if (!f) { perror(path); exit(1); }
    int c0 = 1;
    if (first_name) { fputs(first_name, f); c0 = 0; }
    for (int c = 0; c < ncols; c++) { if (c || !c0) fputc(',', f); fputs(cols[c].name, f); }
    fputc('\n', f);
    for (int i = 0; i < n; i++) {
        if (dates) fputs(dates[i], f);
        for (int c = 0; c < ncols; c++) { if (c || dates) fputc(',', f); put(f, cols[c].v[i]); }
        fputc('\n', f);
    }
    fclose(f);
}

static double *nans(int n)
{
    double *a = malloc(sizeof(double) * n);
    for (int i = 0; i < n; i++) a[i] = NAN;
    return a;
}

/* Places TA-Lib's compact output (outBeg, outNb) into a full-length array with NaN before outBeg. */
static void place(double *full, const double *compact, int beg, int nb)
{
    for (int i = 0; i < nb; i++) full[beg + i] = compact[i];
}

static void check(TA_RetCode rc, const char *what)
{
    if (rc != TA_SUCCESS) { fprintf(stderr, "TA-Lib %s failed: %d\n", what, rc); exit(1); }
}

/* ---------- TA-Lib indicators ---------- */

typedef struct {
    double *sma50, *ema20, *rsi14, *bbu, *bbm, *bbl, *bbpb, *bbbw, *atr14, *macd, *macds, *macdh;
} talib_set;

static talib_set run_talib(int n, const double *h, const double *l, const double *c)
{
    talib_set s;
    double *tmp = malloc(sizeof(double) * n), *t2 = malloc(sizeof(double) * n), *t3 = malloc(sizeof(double) * n);
    int beg, nb;

    s.sma50 = nans(n);
    check(TA_SMA(0, n - 1, c, 50, &beg, &nb, tmp), "SMA"); place(s.sma50, tmp, beg, nb);
    s.ema20 = nans(n);
    check(TA_EMA(0, n - 1, c, 20, &beg, &nb, tmp), "EMA"); place(s.ema20, tmp, beg, nb);
    s.rsi14 = nans(n);
    check(TA_RSI(0, n - 1, c, 14, &beg, &nb, tmp), "RSI"); place(s.rsi14, tmp, beg, nb);

    s.bbu = nans(n); s.bbm = nans(n); s.bbl = nans(n); s.bbpb = nans(n); s.bbbw = nans(n);
    check(TA_BBANDS(0, n - 1, c, 20, 2.0, 2.0, TA_MAType_SMA, &beg, &nb, tmp, t2, t3), "BBANDS");
    place(s.bbu, tmp, beg, nb); place(s.bbm, t2, beg, nb); place(s.bbl, t3, beg, nb);
    for (int i = beg; i < beg + nb; i++) {
        double w = s.bbu[i] - s.bbl[i];
        s.bbpb[i] = w == 0 ? NAN : (c[i] - s.bbl[i]) / w; /* %B undefined on a zero-width band */
        s.bbbw[i] = w / s.bbm[i];
    }

    s.atr14 = nans(n);
    check(TA_ATR(0, n - 1, h, l, c, 14, &beg, &nb, tmp), "ATR"); place(s.atr14, tmp, beg, nb);

    s.macd = nans(n); s.macds = nans(n); s.macdh = nans(n);
    check(TA_MACD(0, n - 1, c, 12, 26, 9, &beg, &nb, tmp, t2, t3), "MACD");
    place(s.macds, t2, beg, nb); place(s.macdh, t3, beg, nb);
    /* TA-Lib starts all three MACD outputs at 33 although the line exists from 25. TA_MACD computes both EMAs
       with TA_INT_EMA from index slow-1 (= startIdx - lookbackSignal), so the same calls give the line from 25;
       it is checked below to equal TA_MACD's line wherever TA_MACD has one. */
    double *fast = malloc(sizeof(double) * n), *slow = malloc(sizeof(double) * n);
    int b1, n1, b2, n2;
    check(TA_INT_EMA(25, n - 1, c, 26, 2.0 / (26 + 1), &b1, &n1, slow), "INT_EMA slow");
    check(TA_INT_EMA(25, n - 1, c, 12, 2.0 / (12 + 1), &b2, &n2, fast), "INT_EMA fast");
    if (b1 != 25 || b2 != 25 || n1 != n2) { fprintf(stderr, "unexpected INT_EMA ranges\n"); exit(1); }
    for (int i = 0; i < n1; i++) s.macd[25 + i] = fast[i] - slow[i];
    for (int i = 0; i < nb; i++)
        if (s.macd[beg + i] != tmp[i]) { fprintf(stderr, "MACD line differs from TA_MACD at %d\n", beg + i); exit(1); }
    free(fast); free(slow);
    free(tmp); free(t2); free(t3);
    return s;
}

/* ---------- two-pass statistics written here ---------- */

typedef struct { double *bbpb, *bbbw, *rvol20, *corr10, *corr20, *corr60, *relperf20, *pctrank252; } stats_set;

/* Bollinger %B and bandwidth (20, 2) from a two-pass mean and POPULATION standard deviation in long double.
   Not taken from TA-Lib's bands: its E[x^2]-mean^2 variance is good to ~1e-11 relative at price scale, and these
   ratios of the band width magnify that by price/width (to ~1.5e-9 after the synthetic series' level jumps). */
static void bollinger_ratios(int n, const double *c, int p, double k, double **pb, double **bw)
{
    *pb = nans(n); *bw = nans(n);
    for (int t = p - 1; t < n; t++) {
        long double m = 0, ss = 0;
        for (int j = t - p + 1; j <= t; j++) m += c[j];
        m /= p;
        for (int j = t - p + 1; j <= t; j++) ss += (c[j] - m) * (c[j] - m);
        long double sd = sqrtl(ss / p), lower = m - k * sd, upper = m + k * sd;
        (*pb)[t] = sd == 0 ? NAN : (double)((c[t] - lower) / (upper - lower));
        (*bw)[t] = (double)((upper - lower) / m);
    }
}

/* Sample standard deviation (n-1) of the last `p` log returns, times sqrt(252). First value at index p. */
static double *realised_vol(int n, const double *c, int p)
{
    double *out = nans(n);
    for (int t = p; t < n; t++) {
        double r[4096], m = 0, ss = 0;
        for (int j = 0; j < p; j++) { int k = t - p + 1 + j; r[j] = log(c[k] / c[k - 1]); m += r[j]; }
        m /= p;
        for (int j = 0; j < p; j++) ss += (r[j] - m) * (r[j] - m);
        out[t] = sqrt(ss / (p - 1)) * sqrt(252.0);
    }
    return out;
}

/* Pearson correlation of the last `p` simple returns of a and b; NaN when either window has zero variance. */
static double *return_corr(int n, const double *a, const double *b, int p)
{
    double *out = nans(n);
    for (int t = p; t < n; t++) {
        double x[4096], y[4096], mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
        for (int j = 0; j < p; j++) {
            int k = t - p + 1 + j;
            x[j] = a[k] / a[k - 1] - 1.0; y[j] = b[k] / b[k - 1] - 1.0;
            mx += x[j]; my += y[j];
        }
        mx /= p; my /= p;
        for (int j = 0; j < p; j++) {
            double dx = x[j] - mx, dy = y[j] - my;
            sxx += dx * dx; syy += dy * dy; sxy += dx * dy;
        }
        out[t] = (sxx == 0 || syy == 0) ? NAN : sxy / sqrt(sxx * syy);
    }
    return out;
}

static double *relperf(int n, const double *a, const double *b, int p)
{
    double *out = nans(n);
    for (int t = p; t < n; t++) out[t] = (a[t] / a[t - p] - 1.0) - (b[t] / b[t - p] - 1.0);
    return out;
}

/* Fraction of the other p-1 values of the p-value window ending at t that are strictly below x[t]. */
static double *pctrank(int n, const double *x, int p)
{
    double *out = nans(n);
    for (int t = p - 1; t < n; t++) {
        int below = 0;
        for (int k = t - p + 1; k < t; k++) if (x[k] < x[t]) below++;
        out[t] = (double)below / (p - 1);
    }
    return out;
}

static stats_set run_stats(int n, const double *a, const double *b)
{
    stats_set s;
    bollinger_ratios(n, a, 20, 2.0, &s.bbpb, &s.bbbw);
    s.rvol20 = realised_vol(n, a, 20);
    s.corr10 = return_corr(n, a, b, 10);
    s.corr20 = return_corr(n, a, b, 20);
    s.corr60 = return_corr(n, a, b, 60);
    s.relperf20 = relperf(n, a, b, 20);
    s.pctrank252 = pctrank(n, a, 252);
    return s;
}

/* ---------- second opinions (printed, not stored) ---------- */

static double maxrel(int n, const double *x, const double *y, int from, double floor)
{
    double m = 0;
    for (int i = from; i < n; i++) {
        if (isnan(x[i]) || isnan(y[i])) continue;
        double d = fabs(x[i] - y[i]) / fmax(fabs(y[i]), floor);
        if (d > m) m = d;
    }
    return m;
}

static void tulip1(const char *name, int n, const double *const *in, const double *opts, double *out0, int nout, double **outs)
{
    const ti_indicator_info *info = ti_find_indicator(name);
    int start = info->start(opts);
    double *o[4];
    for (int k = 0; k < info->outputs; k++) o[k] = malloc(sizeof(double) * n);
    if (info->indicator(n, in, opts, o) != TI_OKAY) { fprintf(stderr, "tulip %s failed\n", name); exit(1); }
    for (int k = 0; k < nout; k++) {
        double *full = k == 0 && out0 ? out0 : outs[k];
        for (int i = 0; i < n; i++) full[i] = i < start ? NAN : o[k][i - start];
    }
    for (int k = 0; k < info->outputs; k++) free(o[k]);
}

static void second_opinions(const char *label, int n, const double *h, const double *l, const double *c, const double *b,
                            const talib_set *t, const stats_set *s)
{
    double *x = nans(n), *y = nans(n), *z = nans(n);
    const double *in1[] = { c };
    const double *in3[] = { h, l, c };
    printf("[%s] Tulip vs TA-Lib, max relative difference (from the index where both exist):\n", label);
    double o50[] = { 50 }, o20[] = { 20 }, o14[] = { 14 }, obb[] = { 20, 2 };
    tulip1("sma", n, in1, o50, x, 1, NULL);  printf("  sma50  %.3g\n", maxrel(n, x, t->sma50, 0, 1e-300));
    tulip1("ema", n, in1, o20, x, 1, NULL);  printf("  ema20  %.3g (Tulip seeds with the first value; converges)\n", maxrel(n, x, t->ema20, 0, 1e-300));
    printf("         ema20 from index 400: %.3g\n", maxrel(n, x, t->ema20, 400, 1e-300));
    tulip1("rsi", n, in1, o14, x, 1, NULL);  printf("  rsi14  %.3g\n", maxrel(n, x, t->rsi14, 0, 1e-300));
    { double *outs[] = { x, y, z }; tulip1("bbands", n, in1, obb, NULL, 3, outs); }
    printf("  bbands lower %.3g middle %.3g upper %.3g\n", maxrel(n, x, t->bbl, 0, 1e-300), maxrel(n, y, t->bbm, 0, 1e-300), maxrel(n, z, t->bbu, 0, 1e-300));
    tulip1("atr", n, in3, o14, x, 1, NULL);  printf("  atr14  %.3g (Tulip's first TR is high-low, first ATR at 13); from 400: %.3g\n",
                                                    maxrel(n, x, t->atr14, 0, 1e-300), maxrel(n, x, t->atr14, 400, 1e-300));
    { double om[] = { 12, 26, 9 }; double *outs[] = { x, y, z }; tulip1("macd", n, in1, om, NULL, 3, outs); }
    printf("  macd   line %.3g (Tulip: first-value seeds, k 0.15/0.075; not comparable)\n", maxrel(n, x, t->macd, 0, 1e-300));

    /* TA-Lib cross-checks of the two-pass statistics. */
    double *ra = nans(n), *rb = nans(n), *lr = nans(n), *tmp = malloc(sizeof(double) * n);
    for (int i = 1; i < n; i++) { ra[i] = c[i] / c[i - 1] - 1.0; rb[i] = b[i] / b[i - 1] - 1.0; lr[i] = log(c[i] / c[i - 1]); }
    int beg, nb;
    printf("[%s] TA-Lib cross-checks of the two-pass statistics (max difference, scale floor 1):\n", label);
    int ps[] = { 10, 20, 60 }; double *cs[] = { s->corr10, s->corr20, s->corr60 };
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < n; i++) x[i] = NAN;
        check(TA_CORREL(0, n - 2, ra + 1, rb + 1, ps[k], &beg, &nb, tmp), "CORREL"); /* returns start at index 1 */
        place(x + 1, tmp, beg, nb);
        printf("  corr%-3d vs TA_CORREL %.3g (TA-Lib gives 0 where we give NaN on zero variance)\n", ps[k], maxrel(n, x, cs[k], 0, 1));
    }
    for (int i = 0; i < n; i++) x[i] = NAN;
    check(TA_STDDEV(0, n - 2, lr + 1, 20, 1.0, &beg, &nb, tmp), "STDDEV");
    for (int i = 0; i < nb; i++) x[1 + beg + i] = tmp[i] * sqrt(20.0 / 19.0) * sqrt(252.0);
    printf("  rvol20 vs TA_STDDEV(log returns)*sqrt(20/19*252) %.3g\n", maxrel(n, x, s->rvol20, 0, 1e-300));
    for (int i = 0; i < n; i++) x[i] = y[i] = NAN;
    check(TA_ROCP(0, n - 1, c, 20, &beg, &nb, tmp), "ROCP"); place(x, tmp, beg, nb);
    check(TA_ROCP(0, n - 1, b, 20, &beg, &nb, tmp), "ROCP"); place(y, tmp, beg, nb);
    for (int i = 0; i < n; i++) z[i] = x[i] - y[i];
    printf("  relperf20 vs TA_ROCP(a)-TA_ROCP(b) %.3g\n", maxrel(n, z, s->relperf20, 0, 1));

    /* TA-Lib's BBANDS takes the variance as E[x^2]-mean^2; check it against a two-pass variance. */
    for (int i = 0; i < n; i++) x[i] = NAN;
    for (int i = 19; i < n; i++) {
        double m = 0, ss = 0;
        for (int k = i - 19; k <= i; k++) m += c[k];
        m /= 20;
        for (int k = i - 19; k <= i; k++) ss += (c[k] - m) * (c[k] - m);
        x[i] = m + 2 * sqrt(ss / 20);
    }
    printf("  bb_upper vs two-pass %.3g; TA-Lib-derived %%B vs stored two-pass (scale floor 1) %.3g; bandwidth %.3g\n",
           maxrel(n, x, t->bbu, 0, 1e-300), maxrel(n, t->bbpb, s->bbpb, 0, 1), maxrel(n, t->bbbw, s->bbbw, 0, 1e-300));
    free(ra); free(rb); free(lr); free(tmp); free(x); free(y); free(z);
}

/* ---------- inputs ---------- */

static uint64_t rng_state = 20240601u;
static double uniform(void) /* splitmix64 -> [0,1) */
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double)(z >> 11) / 9007199254740992.0;
}
static double round4(double v) { return round(v * 10000.0) / 10000.0; }

/* 600 bars: a flat start (all-flat RSI/ATR seed, zero-variance correlation windows, rank ties), a random
   walk with gaps through high/low, a strictly rising run, and two level jumps (x8 and /16) that stress
   running sums. b is correlated with a. Values are rounded to 4 decimals so they print exactly. */
static int synthetic(double *h, double *l, double *c, double *b)
{
    const int n = 600;
    double pa = 100.0, pb = 50.0;
    for (int i = 0; i < n; i++) {
        if (i >= 15) {
            double e1 = uniform() - 0.5, e2 = uniform() - 0.5;
            double ra = 0.04 * e1, rb = 0.6 * 0.04 * e1 + 0.8 * 0.04 * e2;
            if (i >= 200 && i < 230) ra = 0.002 + 0.01 * uniform();
            if (i == 350) ra = 7.0;        /* x8 */
            if (i == 450) ra = -0.9375;    /* /16 */
            pa *= 1.0 + ra; pb *= 1.0 + rb;
        }
        c[i] = round4(pa); b[i] = round4(pb);
        if (i < 15) { h[i] = l[i] = c[i]; continue; }
        h[i] = round4(c[i] * (1.0 + 0.015 * uniform()));
        l[i] = round4(c[i] * (1.0 - 0.015 * uniform()));
    }
    return n;
}

/* Reads Date,High,Low,Close from a Yahoo-style CSV (Date,Open,High,Low,Close,...). */
static int read_daily(const char *path, char (*dates)[16], double *h, double *l, double *c)
{
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); exit(1); }
    char line[512];
    int n = 0;
    if (!fgets(line, sizeof line, f) || strncmp(line, "Date,Open,High,Low,Close", 24) != 0) { fprintf(stderr, "%s: unexpected header\n", path); exit(1); }
    while (fgets(line, sizeof line, f)) {
        char *p = line, *fld[8]; int k = 0;
        while (k < 8 && (fld[k++] = strsep(&p, ",")) != NULL) {}
        if (n >= MAXROWS) { fprintf(stderr, "too many rows\n"); exit(1); }
        snprintf(dates[n], 16, "%s", fld[0]);
        h[n] = strtod(fld[2], NULL); l[n] = strtod(fld[3], NULL); c[n] = strtod(fld[4], NULL);
        n++;
    }
    fclose(f);
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: %s SHARED_REAL_DIR OUT_DIR\n", argv[0]); return 2; }
    if (TA_Initialize() != TA_SUCCESS) { fprintf(stderr, "TA_Initialize failed\n"); return 1; }
    char path[1024];

    /* Synthetic. */
    static double h[MAXROWS], l[MAXROWS], c[MAXROWS], b[MAXROWS];
    int n = synthetic(h, l, c, b);
    column in_cols[] = { { "high", h }, { "low", l }, { "close", c }, { "b_close", b } };
    snprintf(path, sizeof path, "%s/synthetic_input.csv", argv[2]); write_csv(path, NULL, NULL, n, in_cols, 4);
    talib_set t = run_talib(n, h, l, c);
    stats_set s = run_stats(n, c, b);
#define TCOLS(t) { { "sma_50", t.sma50 }, { "ema_20", t.ema20 }, { "rsi_14", t.rsi14 }, { "bb_upper", t.bbu }, { "bb_middle", t.bbm }, \
                   { "bb_lower", t.bbl }, { "atr_14", t.atr14 }, { "macd", t.macd }, { "macd_signal", t.macds }, { "macd_hist", t.macdh } }
#define SCOLS(s) { { "bb_percent_b", s.bbpb }, { "bb_bandwidth", s.bbbw }, { "rvol_20", s.rvol20 }, { "corr_10", s.corr10 }, { "corr_20", s.corr20 }, { "corr_60", s.corr60 }, \
                   { "relperf_20", s.relperf20 }, { "pctrank_252", s.pctrank252 } }
    column tcols[] = TCOLS(t);
    column scols[] = SCOLS(s);
    snprintf(path, sizeof path, "%s/synthetic_talib.csv", argv[2]); write_csv(path, NULL, NULL, n, tcols, 10);
    snprintf(path, sizeof path, "%s/synthetic_stats.csv", argv[2]); write_csv(path, NULL, NULL, n, scols, 8);
    second_opinions("synthetic", n, h, l, c, b, &t, &s);

    /* Real: IWM (and SPY as the second series). */
    static char dates[MAXROWS][16], dates2[MAXROWS][16];
    static double h2[MAXROWS], l2[MAXROWS];
    snprintf(path, sizeof path, "%s/IWM_daily.csv", argv[1]); n = read_daily(path, dates, h, l, c);
    snprintf(path, sizeof path, "%s/SPY_daily.csv", argv[1]); int n2 = read_daily(path, dates2, h2, l2, b);
    if (n2 != n) { fprintf(stderr, "IWM has %d rows, SPY %d\n", n, n2); return 1; }
    for (int i = 0; i < n; i++) if (strcmp(dates[i], dates2[i]) != 0) { fprintf(stderr, "date mismatch at row %d\n", i); return 1; }
    t = run_talib(n, h, l, c);
    s = run_stats(n, c, b);
    column tcols2[] = TCOLS(t);
    column scols2[] = SCOLS(s);
    snprintf(path, sizeof path, "%s/iwm_talib.csv", argv[2]); write_csv(path, "date", dates, n, tcols2, 10);
    snprintf(path, sizeof path, "%s/iwm_spy_stats.csv", argv[2]); write_csv(path, "date", dates, n, scols2, 8);
    second_opinions("IWM/SPY", n, h, l, c, b, &t, &s);
    TA_Shutdown();
    return 0;
}
