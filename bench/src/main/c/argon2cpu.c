/*
 * The physical limit of a sign-in: CPU time of one Argon2id hash in the reference C implementation
 * (libargon2), measured on this machine. THREADS threads each compute HASHES hashes of a random
 * password with a 16-byte salt and a 32-byte tag at m,t,p; every hash's CPU time is its thread's
 * CLOCK_THREAD_CPUTIME_ID delta (the machine is shared: wall time would count other processes).
 * Prints key=value lines: per-hash CPU ms min / median / mean, and the getrusage(RUSAGE_SELF) CPU per hash.
 *
 *   cc -O2 -o argon2cpu argon2cpu.c -l:libargon2.so.1 -lpthread
 *   ./argon2cpu M T P HASHES THREADS PREFIX
 *
 * argon2.h comes with libargon2-dev; the runtime package (libargon2-1) is enough with this declaration.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

int argon2id_hash_raw(uint32_t t_cost, uint32_t m_cost, uint32_t parallelism, const void *pwd, size_t pwdlen,
                      const void *salt, size_t saltlen, void *hash, size_t hashlen);

static uint32_t M, T, P;
static int HASHES;
static double *cpu_ms;

static double thread_cpu_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void *work(void *arg) {
    int id = (int)(intptr_t)arg;
    unsigned char pwd[40], salt[16], out[32];
    unsigned seed = 12345u + id;
    for (int i = 0; i < HASHES; i++) {
        for (size_t k = 0; k < sizeof pwd; k++) pwd[k] = 'a' + rand_r(&seed) % 26;
        for (size_t k = 0; k < sizeof salt; k++) salt[k] = rand_r(&seed) & 0xff;
        double s = thread_cpu_ms();
        if (argon2id_hash_raw(T, M, P, pwd, sizeof pwd, salt, sizeof salt, out, sizeof out) != 0) {
            fprintf(stderr, "argon2id_hash_raw failed\n");
            exit(1);
        }
        cpu_ms[id * HASHES + i] = thread_cpu_ms() - s;
    }
    return NULL;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: argon2cpu M T P HASHES THREADS PREFIX\n");
        return 2;
    }
    M = atoi(argv[1]); T = atoi(argv[2]); P = atoi(argv[3]); HASHES = atoi(argv[4]);
    int threads = atoi(argv[5]);
    const char *prefix = argv[6];
    cpu_ms = calloc((size_t)HASHES * threads, sizeof(double));
    pthread_t th[256];
    struct timespec w0, w1;
    clock_gettime(CLOCK_MONOTONIC, &w0);
    for (int i = 0; i < threads; i++) pthread_create(&th[i], NULL, work, (void *)(intptr_t)i);
    for (int i = 0; i < threads; i++) pthread_join(th[i], NULL);
    clock_gettime(CLOCK_MONOTONIC, &w1);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    int n = HASHES * threads;
    double sum = 0;
    for (int i = 0; i < n; i++) sum += cpu_ms[i];
    qsort(cpu_ms, n, sizeof(double), cmp);
    double rusage_ms = ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 + ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3;
    double wall = (w1.tv_sec - w0.tv_sec) + (w1.tv_nsec - w0.tv_nsec) / 1e9;
    printf("%s_threads=%d\n%s_hashes=%d\n", prefix, threads, prefix, n);
    printf("%s_cpu_ms_min=%.2f\n%s_cpu_ms_median=%.2f\n%s_cpu_ms_mean=%.2f\n", prefix, cpu_ms[0], prefix, cpu_ms[n / 2], prefix, sum / n);
    printf("%s_rusage_cpu_ms_per_hash=%.2f\n%s_wall_hashes_per_s=%.2f\n", prefix, rusage_ms / n, prefix, n / wall);
    return 0;
}
