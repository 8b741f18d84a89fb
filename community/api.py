from ninja import Router

router = Router()
user_router = Router()
