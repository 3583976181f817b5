"""The generic HTTP webhook adapter: any platform that can POST JSON can talk to lastmile."""
