"""Modal forms. Each builds one action, shows what is wrong next to the field, and keeps
what was typed until it is saved; escape cancels and writes nothing."""
