/*
 * Straightforward C versions of the IwmDesk indicator kernels, for a speed baseline on this machine.
 * Same definitions and the same outputs as the C# kernels (Bollinger writes 5 series, MACD 3), the usual
 * running-sum loops a C programmer would write (TA-Lib/Tulip style), no NaN handling, no intrinsics.
 *
 *   gcc -O2 -o /tmp/baseline scripts/bench/baseline.c -lm && /tmp/baseline [bars]
 *
 * Input: seeded prices 100*exp(x), x a slowly mean-reverting random walk (like KernelBenchInput). Prints ns per bar, best of 5 runs
 * after one warm-up run (which also faults in the output pages).
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static uint64_t rng = 42;
static double uniform(void)
{
    uint64_t z = (rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (double)((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
}

static int n;
static double *hi, *lo, *cl, *ot, *o1, *o2, *o3, *o4, *o5;

static void sma(void)
{
    const int p = 50;
    double sum = 0;
    for (int i = 0; i < n; i++) {
        sum += cl[i];
        if (i >= p) sum -= cl[i - p];
        o1[i] = i >= p - 1 ? sum / p : NAN;
    }
}

static void ema(void)
{
    const int p = 20;
    const double k = 2.0 / (p + 1);
    double v = 0;
    for (int i = 0; i < p; i++) { v += cl[i]; o1[i] = NAN; }
    v /= p;
    o1[p - 1] = v;
    for (int i = p; i < n; i++) { v = (cl[i] - v) * k + v; o1[i] = v; }
}

static void rsi(void)
{
    const int p = 14;
    const double per = 1.0 / p;
    double up = 0, dn = 0;
    o1[0] = NAN;
    for (int i = 1; i <= p; i++) {
        double d = cl[i] - cl[i - 1];
        if (d > 0) up += d; else dn -= d;
        o1[i] = NAN;
    }
    up /= p; dn /= p;
    o1[p] = up + dn != 0 ? 100 * up / (up + dn) : 0;
    for (int i = p + 1; i < n; i++) {
        double d = cl[i] - cl[i - 1];
        double u = d > 0 ? d : 0, w = d < 0 ? -d : 0;
        up = (u - up) * per + up;
        dn = (w - dn) * per + dn;
        o1[i] = up + dn != 0 ? 100 * up / (up + dn) : 0;
    }
}

static void bollinger(void)
{
    const int p = 20;
    const double k = 2.0, s = 1.0 / p;
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; i++) {
        sum += cl[i]; sum2 += cl[i] * cl[i];
        if (i >= p) { sum -= cl[i - p]; sum2 -= cl[i - p] * cl[i - p]; }
        if (i < p - 1) { o1[i] = o2[i] = o3[i] = o4[i] = o5[i] = NAN; continue; }
        double m = sum * s, var = sum2 * s - m * m;
        double sd = var > 0 ? sqrt(var) : 0;
        double u = m + k * sd, l = m - k * sd, w = u - l;
        o1[i] = u; o2[i] = m; o3[i] = l;
        o4[i] = w > 0 ? (cl[i] - l) / w : NAN;
        o5[i] = w / m;
    }
}

static void atr(void)
{
    const int p = 14;
    const double per = 1.0 / p;
    double v = 0;
    o1[0] = NAN;
    for (int i = 1; i < n; i++) {
        double a = hi[i] - lo[i], b = fabs(hi[i] - cl[i - 1]), c = fabs(lo[i] - cl[i - 1]);
        double tr = a > b ? a : b;
        tr = tr > c ? tr : c;
        if (i < p) { v += tr; o1[i] = NAN; }
        else if (i == p) { v = (v + tr) / p; o1[i] = v; }
        else { v = (tr - v) * per + v; o1[i] = v; }
    }
}

static void macd(void)
{
    const int f = 12, sl = 26, sg = 9;
    const double kf = 2.0 / (f + 1), ks = 2.0 / (sl + 1), kg = 2.0 / (sg + 1);
    double ef = 0, es = 0, eg = 0;
    for (int i = 0; i < sl; i++) { es += cl[i]; if (i >= sl - f) ef += cl[i]; o1[i] = o2[i] = o3[i] = NAN; }
    es /= sl; ef /= f;
    o1[sl - 1] = ef - es;
    eg = ef - es;
    for (int i = sl; i < n; i++) {
        ef = (cl[i] - ef) * kf + ef;
        es = (cl[i] - es) * ks + es;
        double m = ef - es;
        o1[i] = m;
        int j = i - (sl - 1);             /* macd values seen so far, minus one */
        if (j < sg - 1) { eg += m; o2[i] = o3[i] = NAN; }
        else if (j == sg - 1) { eg = (eg + m) / sg; o2[i] = eg; o3[i] = m - eg; }
        else { eg = (m - eg) * kg + eg; o2[i] = eg; o3[i] = m - eg; }
    }
}

static void rvol(void)
{
    const int p = 20;
    double ring[20], sum = 0, sum2 = 0, sc = sqrt(252.0 / (p - 1));
    o1[0] = NAN;
    for (int i = 1; i < n; i++) {
        double r = log(cl[i] / cl[i - 1]);
        int slot = i % p;
        if (i > p) { sum -= ring[slot]; sum2 -= ring[slot] * ring[slot]; }
        ring[slot] = r; sum += r; sum2 += r * r;
        o1[i] = i >= p ? sqrt(fmax(0, sum2 - sum * sum / p)) * sc : NAN;
    }
}

static void corr(void)
{
    const int p = 20;
    double rx[20], ry[20], sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    o1[0] = NAN;
    for (int i = 1; i < n; i++) {
        double x = cl[i] / cl[i - 1] - 1, y = ot[i] / ot[i - 1] - 1;
        int slot = i % p;
        if (i > p) {
            double a = rx[slot], b = ry[slot];
            sx -= a; sy -= b; sxx -= a * a; syy -= b * b; sxy -= a * b;
        }
        rx[slot] = x; ry[slot] = y;
        sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
        if (i < p) { o1[i] = NAN; continue; }
        double vx = sxx - sx * sx / p, vy = syy - sy * sy / p, c = sxy - sx * sy / p;
        o1[i] = vx > 0 && vy > 0 ? c / sqrt(vx * vy) : NAN;
    }
}

static void relperf(void)
{
    const int p = 20;
    for (int i = 0; i < n; i++)
        o1[i] = i >= p ? (cl[i] / cl[i - p] - 1) - (ot[i] / ot[i - p] - 1) : NAN;
}

static void pctrank(void)
{
    const int p = 252;
    for (int i = 0; i < n; i++) {
        if (i < p - 1) { o1[i] = NAN; continue; }
        int below = 0;
        for (int k = i - p + 1; k < i; k++) below += cl[k] < cl[i];
        o1[i] = (double)below / (p - 1);
    }
}

static void run(const char *name, void (*f)(void))
{
    f();
    double best = 1e300;
    for (int r = 0; r < 5; r++) {
        double t = now();
        f();
        t = now() - t;
        if (t < best) best = t;
    }
    double check = 0;
    for (int i = n - 100; i < n; i++) check += o1[i];
    printf("%-26s %8.2f ns/bar   (checksum %.6g)\n", name, best / n, check);
}

int main(int argc, char **argv)
{
    n = argc > 1 ? atoi(argv[1]) : 10000000;
    double **arrs[] = { &hi, &lo, &cl, &ot, &o1, &o2, &o3, &o4, &o5 };
    for (int k = 0; k < 9; k++) *arrs[k] = malloc(sizeof(double) * n);
    double la = 0, lb = 0; /* mean-reverting log prices, as KernelBenchInput */
    for (int i = 0; i < n; i++) {
        double e = (uniform() - 0.5) * 0.02;
        la = 0.999 * la + e;
        lb = 0.999 * lb + 0.6 * e + (uniform() - 0.5) * 0.016;
        double a = 100 * exp(la);
        cl[i] = a; hi[i] = a * (1 + uniform() * 0.01); lo[i] = a * (1 - uniform() * 0.01); ot[i] = 100 * exp(lb);
    }
    printf("%d bars\n", n);
    run("sma(50)", sma);
    run("ema(20)", ema);
    run("rsi(14)", rsi);
    run("bollinger(20,2)", bollinger);
    run("atr(14)", atr);
    run("macd(12,26,9)", macd);
    run("realized_vol(20)", rvol);
    run("correlation(20)", corr);
    run("relative_performance(20)", relperf);
    run("percentile_rank(252)", pctrank);
    return 0;
}
