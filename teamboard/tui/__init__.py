"""The terminal app: the app, its stylesheet, palette, serving, screens and widgets."""
