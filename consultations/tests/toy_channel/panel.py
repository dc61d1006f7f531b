def panel(request, case, access, bound: dict) -> dict:
    return {"pigeon": "Merpati pos"}
