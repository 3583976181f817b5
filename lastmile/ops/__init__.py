"""Operations artefacts generated from the code's own definitions: the NATS permissions,
Prometheus scrape config, docker-compose file and the AsyncAPI event catalogue."""
