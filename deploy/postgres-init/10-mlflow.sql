-- Run once by the postgres image on an empty data volume (docker-entrypoint-initdb.d):
-- MLflow's tracking store lives next to tuneforge's state database, in its own database.
CREATE DATABASE mlflow OWNER tuneforge;
