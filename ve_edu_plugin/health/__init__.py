"""Health checks of the services the plugin depends on."""
