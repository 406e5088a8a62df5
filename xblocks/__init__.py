"""The VE-EDU XBlocks: thin shells over the ``ve_edu_plugin`` api modules."""
