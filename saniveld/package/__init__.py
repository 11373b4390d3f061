"""The data package (DATA_PACKAGE.md): read CSV/XLSX, validate, import in one transaction, export."""
