/* Synthetic openlibm: the names only (the sysroot exists to exercise the link, not arithmetic). */
double fabs(double x) { return x < 0 ? -x : x; }
double floor(double x) { long i = (long)x; return (double)(i - (x < i)); }
double ceil(double x) { long i = (long)x; return (double)(i + (x > i)); }
double fmod(double x, double y) { return x - y * (double)(long)(x / y); }
double sqrt(double x) { double r = x > 1 ? x : 1; for (int i = 0; i < 40; i++) r = (r + x / r) / 2; return r; }
