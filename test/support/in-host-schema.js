// The e2e:schema project: every scheme suite again, with the app's tables in a schema of the host's.
process.env.DATABASE_SCHEMA = 'host_auth';
