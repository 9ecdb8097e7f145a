// Imported first by a suite that needs the benchmark's routes: the demo decides
// whether to mount them (DEMO_BENCH_ROUTES) as its module is loaded, before any test runs.
// jest gives each test file its own process.env, so no other suite sees this.
process.env.DEMO_BENCH_ROUTES = '1';
