# Stands in for WeasyPrint on a machine without Pango: the real package raises exactly this
# OSError (from cffi's dlopen) when the system libraries are missing. Tests put this folder first
# on PYTHONPATH; nothing in the project imports it otherwise.
raise OSError("cannot load library 'libgobject-2.0-0': libgobject-2.0-0: cannot open shared object file: "
              "No such file or directory")
