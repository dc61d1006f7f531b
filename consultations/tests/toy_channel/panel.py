def panel(request, case, access, bound: dict, page: dict) -> dict:
    return {"pigeon": "Merpati pos"}
